import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Frozen annual reports: a year's report as rendered when staff froze it, in each language,
 * served as stored ever after (personal data erased later change nothing in it).
 */
export class CreateAnnualReports1764140071000 implements MigrationInterface {
  name = 'CreateAnnualReports1764140071000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE annual_reports (
        year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
        -- The rendered report by language: {"de": {...}, "en": {...}}. json, not jsonb: the
        -- text is kept as written, so that it is served byte for byte as it was frozen.
        documents json NOT NULL,
        frozen_by uuid REFERENCES users (id) ON DELETE SET NULL,
        frozen_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE annual_reports`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dates of a forum series that did not get their room, with the refusal's code and
 * parameters (the reason is worded when it is read, in the reader's language). Kept so that
 * the planning page can answer its POST with a redirect and show the outcome on a GET; a
 * series has no table of its own, its id is the one its sessions share.
 */
export class StoreForumSeriesGaps1764140130000 implements MigrationInterface {
  name = 'StoreForumSeriesGaps1764140130000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE forum_series_gaps (
        series_id uuid NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        code text NOT NULL,
        params jsonb NOT NULL DEFAULT '{}'
          CONSTRAINT forum_series_gaps_params_object CHECK (jsonb_typeof(params) = 'object'),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (series_id, starts_at),
        CHECK (ends_at > starts_at)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE forum_series_gaps`);
  }
}

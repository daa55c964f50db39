import { MigrationInterface, QueryRunner } from 'typeorm';

/** The columns of mentoring that reports may aggregate (MENTORING_READ_MODEL). */
export class CreateMentoringReadModel1764140070000 implements MigrationInterface {
  name = 'CreateMentoringReadModel1764140070000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE VIEW report_mentoring_requests AS
      SELECT id AS request_id, organization_id, topic, languages, status, created_at
        FROM mentoring_requests`);
    await db.query(`
      CREATE VIEW report_mentoring_pairs AS
      SELECT id AS assignment_id, request_id, mentor_id, status, accepted_at, ended_at
        FROM mentoring_assignments`);
    await db.query(`
      CREATE VIEW report_mentoring_meetings AS
      SELECT assignment_id, starts_at, duration_minutes FROM mentoring_meetings`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP VIEW report_mentoring_meetings`);
    await db.query(`DROP VIEW report_mentoring_pairs`);
    await db.query(`DROP VIEW report_mentoring_requests`);
  }
}

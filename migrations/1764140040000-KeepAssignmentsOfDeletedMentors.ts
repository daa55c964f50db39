import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A mentor who deletes their account takes their profile and training with them, but not
 * the organisations' history: their assignments and meetings stay, without the mentor
 * (mentor_id NULL). Mentoring ends what was running first, in the deletion's transaction;
 * the CHECK keeps a running assignment or open proposal from ever losing its mentor.
 */
export class KeepAssignmentsOfDeletedMentors1764140040000 implements MigrationInterface {
  name = 'KeepAssignmentsOfDeletedMentors1764140040000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE mentoring_assignments ALTER COLUMN mentor_id DROP NOT NULL`);
    await db.query(
      `ALTER TABLE mentoring_assignments DROP CONSTRAINT mentoring_assignments_mentor_id_fkey`,
    );
    await db.query(`
      ALTER TABLE mentoring_assignments
        ADD CONSTRAINT mentoring_assignments_mentor_id_fkey
          FOREIGN KEY (mentor_id) REFERENCES mentors (id) ON DELETE SET NULL,
        ADD CONSTRAINT mentoring_assignments_running_have_mentor
          CHECK (mentor_id IS NOT NULL OR status NOT IN ('proposed', 'active'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM mentoring_assignments WHERE mentor_id IS NULL`);
    await db.query(`
      ALTER TABLE mentoring_assignments
        DROP CONSTRAINT mentoring_assignments_running_have_mentor,
        DROP CONSTRAINT mentoring_assignments_mentor_id_fkey`);
    await db.query(`
      ALTER TABLE mentoring_assignments
        ADD CONSTRAINT mentoring_assignments_mentor_id_fkey
          FOREIGN KEY (mentor_id) REFERENCES mentors (id) ON DELETE CASCADE`);
    await db.query(`ALTER TABLE mentoring_assignments ALTER COLUMN mentor_id SET NOT NULL`);
  }
}

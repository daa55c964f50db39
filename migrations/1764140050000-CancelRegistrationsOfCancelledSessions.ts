import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A cancelled session's registrations are cancelled with it, so that reports, feeds and the
 * waitlist never count them as places; `cancelled_from` keeps what a cancelled registration
 * was (confirmed: the registrant had the event in their calendar, which feeds then show as
 * STATUS:CANCELLED for a while). Sessions cancelled before are brought in line.
 * `published_at`: when a session was first published, so that the public feed announces the
 * cancellation only of a session it once showed (a cancelled draft stays unknown); sessions
 * from before count as published when they were made, unless still drafts.
 */
export class CancelRegistrationsOfCancelledSessions1764140050000 implements MigrationInterface {
  name = 'CancelRegistrationsOfCancelledSessions1764140050000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE forum_registrations ADD COLUMN cancelled_from text
        CHECK (cancelled_from IN ('confirmed', 'waitlisted'))`);
    await db.query(`
      UPDATE forum_registrations r
         SET status = 'cancelled', cancelled_from = r.status,
             cancelled_at = coalesce(s.cancelled_at, now()), updated_at = now()
        FROM forum_sessions s
       WHERE s.id = r.session_id AND s.status = 'cancelled'
         AND r.status IN ('confirmed', 'waitlisted')`);
    await db.query(`UPDATE forum_sessions SET places_taken = 0 WHERE status = 'cancelled'`);
    await db.query(`ALTER TABLE forum_sessions ADD COLUMN published_at timestamptz`);
    await db.query(`UPDATE forum_sessions SET published_at = created_at WHERE status <> 'draft'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE forum_sessions DROP COLUMN published_at`);
    await db.query(`
      UPDATE forum_registrations r
         SET status = r.cancelled_from, cancelled_at = NULL
        FROM forum_sessions s
       WHERE s.id = r.session_id AND s.status = 'cancelled' AND r.cancelled_at = s.cancelled_at
         AND r.cancelled_from IS NOT NULL`);
    await db.query(`
      UPDATE forum_sessions s SET places_taken = coalesce((
        SELECT sum(places) FROM forum_registrations r
         WHERE r.session_id = s.id AND r.status = 'confirmed'), 0)
       WHERE s.status = 'cancelled'`);
    await db.query(`ALTER TABLE forum_registrations DROP COLUMN cancelled_from`);
  }
}

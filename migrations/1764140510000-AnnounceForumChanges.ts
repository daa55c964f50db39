import { MigrationInterface, QueryRunner } from 'typeorm';

const CHANNEL = 'rfe_feed_changes';

/**
 * The forum's programme page is remembered per process while nothing it shows was announced
 * (`ProgrammePages`). `forum` is announced on `rfe_feed_changes` when a change commits to what
 * the programme reads of the sessions (their times, room, kind, topic, languages, title and
 * translations, status, booking) or to the topics, on whichever instance or `psql` it was
 * made; once per statement. A registration, which changes only the places taken, is not.
 */
export class AnnounceForumChanges1764140510000 implements MigrationInterface {
  name = 'AnnounceForumChanges1764140510000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION rfe_announce_forum_change() RETURNS trigger
        LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('${CHANNEL}', 'forum');
        RETURN NULL;
      END
      $$`);
    await db.query(`
      CREATE TRIGGER forum_sessions_announce
        AFTER INSERT OR DELETE OR TRUNCATE
           OR UPDATE OF id, status, starts_at, ends_at, kind, topic, languages, title,
                        translations, room_id, booking_id
        ON forum_sessions FOR EACH STATEMENT EXECUTE FUNCTION rfe_announce_forum_change()`);
    await db.query(`
      CREATE TRIGGER topics_announce
        AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON topics
        FOR EACH STATEMENT EXECUTE FUNCTION rfe_announce_forum_change()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER topics_announce ON topics`);
    await db.query(`DROP TRIGGER forum_sessions_announce ON forum_sessions`);
    await db.query(`DROP FUNCTION rfe_announce_forum_change()`);
  }
}

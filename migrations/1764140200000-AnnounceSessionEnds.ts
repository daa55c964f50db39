import { MigrationInterface, QueryRunner } from 'typeorm';

const CHANNEL = 'rfe_feed_changes';

/**
 * A web session and its user are remembered per process (`WebSessionsService`) while nothing
 * they are judged by changed. `session:<token hash in hex>` is announced when a session ends
 * (logout, "log out everywhere", a password change, the account deleted, the purge of expired
 * ones), on whichever instance or `psql` it was ended; the user's part is announced by
 * AnnounceAccountChanges. Extending a session (its last visit) is not announced: a process
 * that remembers the older end reads the session again once that end has passed.
 */
export class AnnounceSessionEnds1764140200000 implements MigrationInterface {
  name = 'AnnounceSessionEnds1764140200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION rfe_announce_session_end() RETURNS trigger
        LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('${CHANNEL}', 'session:' || encode(OLD.token_hash, 'hex'));
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER web_sessions_announce_delete AFTER DELETE ON web_sessions FOR EACH ROW
        EXECUTE FUNCTION rfe_announce_session_end()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER web_sessions_announce_delete ON web_sessions`);
    await queryRunner.query(`DROP FUNCTION rfe_announce_session_end()`);
  }
}

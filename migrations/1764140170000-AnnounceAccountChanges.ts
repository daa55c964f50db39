import { MigrationInterface, QueryRunner } from 'typeorm';

const CHANNEL = 'rfe_feed_changes';

/**
 * The account a login stands for is remembered per process (identity's `UsersService.forLogin`)
 * while nothing it is judged by changed. `user:<id>` is announced on `rfe_feed_changes` when a
 * change to those columns commits (a block, a password change, a new name or locale, a
 * confirmed address, the account deleted), on whichever instance or `psql` it was made.
 */
export class AnnounceAccountChanges1764140170000 implements MigrationInterface {
  name = 'AnnounceAccountChanges1764140170000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION rfe_announce_account_change() RETURNS trigger
        LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('${CHANNEL}', 'user:' || OLD.id);
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER users_announce_update AFTER UPDATE ON users FOR EACH ROW
        WHEN ((OLD.id, OLD.email, OLD.name, OLD.locale, OLD.is_admin, OLD.email_confirmed_at,
               OLD.blocked_at, OLD.credentials_changed_at)
              IS DISTINCT FROM
              (NEW.id, NEW.email, NEW.name, NEW.locale, NEW.is_admin, NEW.email_confirmed_at,
               NEW.blocked_at, NEW.credentials_changed_at))
        EXECUTE FUNCTION rfe_announce_account_change()`);
    await queryRunner.query(`
      CREATE TRIGGER users_announce_delete AFTER DELETE ON users FOR EACH ROW
        EXECUTE FUNCTION rfe_announce_account_change()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER users_announce_delete ON users`);
    await queryRunner.query(`DROP TRIGGER users_announce_update ON users`);
    await queryRunner.query(`DROP FUNCTION rfe_announce_account_change()`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A room's public feed exists only while the organisation owning its venue is verified
 * (rooms' `listedSql`). Listening instances answer a feed from what they read before until
 * one of its subjects is announced (src/calendar/feed-changes.ts): a change of verification
 * announces `venue:<id>` for each of the organisation's venues, which every room feed
 * depends on, so that a feed disappears (or appears) at once.
 */
export class NotifyVerificationFeedChanges1764140030000 implements MigrationInterface {
  name = 'NotifyVerificationFeedChanges1764140030000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION rfe_notify_verification_change() RETURNS trigger
        LANGUAGE plpgsql AS $$
      BEGIN
        IF (NEW.verified_at IS NULL) <> (OLD.verified_at IS NULL) THEN
          PERFORM pg_notify('rfe_feed_changes', 'venue:' || v.id)
             FROM venues v WHERE v.organization_id = NEW.id;
        END IF;
        RETURN NULL;
      END
      $$`);
    await db.query(`
      CREATE TRIGGER organizations_notify_feed_change
        AFTER UPDATE OF verified_at ON organizations
        FOR EACH ROW EXECUTE FUNCTION rfe_notify_verification_change()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER organizations_notify_feed_change ON organizations`);
    await db.query(`DROP FUNCTION rfe_notify_verification_change()`);
  }
}

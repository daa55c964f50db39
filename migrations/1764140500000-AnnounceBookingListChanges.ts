import { MigrationInterface, QueryRunner } from 'typeorm';

const CHANNEL = 'rfe_feed_changes';

const EVENTS = [
  ['insert', 'INSERT', 'NEW TABLE AS new_rows'],
  ['update', 'UPDATE', 'NEW TABLE AS new_rows OLD TABLE AS old_rows'],
  ['delete', 'DELETE', 'OLD TABLE AS old_rows'],
] as const;

/**
 * The booking lists of the pages ("my bookings", "incoming requests") are remembered per
 * process while nothing they show changed (`BookingQueriesService.listRemembered`). What they
 * show besides the bookings of rooms (`room:<id>`, announced already) and the names of rooms
 * and venues (`catalogue`) is announced on `rfe_feed_changes` when it commits, on whichever
 * instance or `psql` it was made:
 *
 * - `organization:<id>`: a booking of the organisation (once per statement and organisation,
 *   from the statement's transition tables, as the rooms' announcement), and the
 *   organisation's row (its name);
 * - `memberships:<user id>`: the user's memberships (which organisations, and so which
 *   bookings and rooms, are theirs).
 *
 * Its own statement trigger on bookings, beside the rooms' one: that function is not replaced.
 */
export class AnnounceBookingListChanges1764140500000 implements MigrationInterface {
  name = 'AnnounceBookingListChanges1764140500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION rfe_announce_organization_bookings() RETURNS trigger
        LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM pg_notify('${CHANNEL}', 'organization:' || o)
             FROM (SELECT DISTINCT organization_id AS o FROM new_rows) c;
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM pg_notify('${CHANNEL}', 'organization:' || o)
             FROM (SELECT DISTINCT organization_id AS o FROM old_rows) c;
        ELSE
          PERFORM pg_notify('${CHANNEL}', 'organization:' || o)
             FROM (SELECT organization_id AS o FROM new_rows
                   UNION SELECT organization_id FROM old_rows) c;
        END IF;
        RETURN NULL;
      END
      $$`);
    for (const [name, event, tables] of EVENTS) {
      await db.query(`
        CREATE TRIGGER bookings_announce_organization_${name}
          AFTER ${event} ON bookings REFERENCING ${tables}
          FOR EACH STATEMENT EXECUTE FUNCTION rfe_announce_organization_bookings()`);
    }

    await db.query(`
      CREATE FUNCTION rfe_announce_organization_change() RETURNS trigger
        LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('${CHANNEL}', 'organization:' || OLD.id);
        RETURN NULL;
      END
      $$`);
    await db.query(`
      CREATE TRIGGER organizations_announce_update AFTER UPDATE ON organizations FOR EACH ROW
        WHEN ((OLD.id, OLD.name) IS DISTINCT FROM (NEW.id, NEW.name))
        EXECUTE FUNCTION rfe_announce_organization_change()`);
    await db.query(`
      CREATE TRIGGER organizations_announce_delete AFTER DELETE ON organizations FOR EACH ROW
        EXECUTE FUNCTION rfe_announce_organization_change()`);

    await db.query(`
      CREATE FUNCTION rfe_announce_membership_change() RETURNS trigger
        LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          PERFORM pg_notify('${CHANNEL}', 'memberships:' || OLD.user_id);
        END IF;
        IF TG_OP <> 'DELETE' THEN
          PERFORM pg_notify('${CHANNEL}', 'memberships:' || NEW.user_id);
        END IF;
        RETURN NULL;
      END
      $$`);
    await db.query(`
      CREATE TRIGGER memberships_announce_change
        AFTER INSERT OR UPDATE OR DELETE ON memberships FOR EACH ROW
        EXECUTE FUNCTION rfe_announce_membership_change()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER memberships_announce_change ON memberships`);
    await db.query(`DROP FUNCTION rfe_announce_membership_change()`);
    await db.query(`DROP TRIGGER organizations_announce_delete ON organizations`);
    await db.query(`DROP TRIGGER organizations_announce_update ON organizations`);
    await db.query(`DROP FUNCTION rfe_announce_organization_change()`);
    for (const [name] of EVENTS) {
      await db.query(`DROP TRIGGER bookings_announce_organization_${name} ON bookings`);
    }
    await db.query(`DROP FUNCTION rfe_announce_organization_bookings()`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tells listening service instances that a room's feed may have changed, so that they can
 * answer "unchanged" (304) without asking the database (src/calendar/feed-changes.ts).
 * NOTIFY is transactional: it is delivered when the change commits, never for a rollback,
 * and PostgreSQL sends one notification per payload and transaction however many rows the
 * transaction touched. Payloads: `room:<id>` (its bookings, or the room itself: name,
 * active, venue) and `venue:<id>` (name, address — part of a room feed's name).
 */
export class NotifyFeedChanges1764140009700 implements MigrationInterface {
  name = 'NotifyFeedChanges1764140009700';

  async up(db: QueryRunner): Promise<void> {
    // The bookings' change counter (CountRoomBookingChanges), now also announced.
    await db.query(`
      CREATE OR REPLACE FUNCTION rfe_count_room_booking_change() RETURNS trigger
        LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO room_booking_versions AS v (room_id, version, changed_at)
        VALUES (COALESCE(NEW.room_id, OLD.room_id), 1, now())
        ON CONFLICT (room_id)
          DO UPDATE SET version = v.version + 1, changed_at = now();
        PERFORM pg_notify('rfe_feed_changes', 'room:' || COALESCE(NEW.room_id, OLD.room_id));
        IF TG_OP = 'UPDATE' AND NEW.room_id IS DISTINCT FROM OLD.room_id THEN
          INSERT INTO room_booking_versions AS v (room_id, version, changed_at)
          VALUES (OLD.room_id, 1, now())
          ON CONFLICT (room_id)
            DO UPDATE SET version = v.version + 1, changed_at = now();
          PERFORM pg_notify('rfe_feed_changes', 'room:' || OLD.room_id);
        END IF;
        RETURN NULL;
      END
      $$`);
    await db.query(`
      CREATE FUNCTION rfe_notify_feed_change() RETURNS trigger
        LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('rfe_feed_changes', TG_ARGV[0] || ':' || OLD.id);
        RETURN NULL;
      END
      $$`);
    await db.query(`
      CREATE TRIGGER rooms_notify_feed_change
        AFTER UPDATE OR DELETE ON rooms
        FOR EACH ROW EXECUTE FUNCTION rfe_notify_feed_change('room')`);
    await db.query(`
      CREATE TRIGGER venues_notify_feed_change
        AFTER UPDATE OR DELETE ON venues
        FOR EACH ROW EXECUTE FUNCTION rfe_notify_feed_change('venue')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER venues_notify_feed_change ON venues`);
    await db.query(`DROP TRIGGER rooms_notify_feed_change ON rooms`);
    await db.query(`DROP FUNCTION rfe_notify_feed_change()`);
    await db.query(`
      CREATE OR REPLACE FUNCTION rfe_count_room_booking_change() RETURNS trigger
        LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO room_booking_versions AS v (room_id, version, changed_at)
        VALUES (COALESCE(NEW.room_id, OLD.room_id), 1, now())
        ON CONFLICT (room_id)
          DO UPDATE SET version = v.version + 1, changed_at = now();
        IF TG_OP = 'UPDATE' AND NEW.room_id IS DISTINCT FROM OLD.room_id THEN
          INSERT INTO room_booking_versions AS v (room_id, version, changed_at)
          VALUES (OLD.room_id, 1, now())
          ON CONFLICT (room_id)
            DO UPDATE SET version = v.version + 1, changed_at = now();
        END IF;
        RETURN NULL;
      END
      $$`);
  }
}

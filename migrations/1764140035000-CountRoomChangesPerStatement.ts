import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rooms' change counter (CountRoomBookingChanges, announced since NotifyFeedChanges) was
 * raised once per booking row: a weekly series of a year wrote 52 upserts of the same counter
 * row in its one INSERT. Raised once per statement and room now, from the statement's
 * transition tables (one trigger per event: PostgreSQL allows transition tables only on
 * single-event triggers). Rooms are counted in id order, so two transactions touching the same
 * rooms lock their counters in the same order.
 */
export class CountRoomChangesPerStatement1764140035000 implements MigrationInterface {
  name = 'CountRoomChangesPerStatement1764140035000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER bookings_count_room_change ON bookings`);
    await db.query(`
      CREATE FUNCTION rfe_count_room_booking_changes() RETURNS trigger
        LANGUAGE plpgsql AS $$
      DECLARE
        changed uuid[];
      BEGIN
        IF TG_OP = 'INSERT' THEN
          SELECT array_agg(DISTINCT room_id ORDER BY room_id) INTO changed FROM new_rows;
        ELSIF TG_OP = 'DELETE' THEN
          SELECT array_agg(DISTINCT room_id ORDER BY room_id) INTO changed FROM old_rows;
        ELSE
          SELECT array_agg(DISTINCT room_id ORDER BY room_id) INTO changed
            FROM (SELECT room_id FROM new_rows UNION ALL SELECT room_id FROM old_rows) touched;
        END IF;
        IF changed IS NULL THEN
          RETURN NULL;
        END IF;
        INSERT INTO room_booking_versions AS v (room_id, version, changed_at)
          SELECT room, 1, now() FROM unnest(changed) AS room ORDER BY room
        ON CONFLICT (room_id)
          DO UPDATE SET version = v.version + 1, changed_at = now();
        PERFORM pg_notify('rfe_feed_changes', 'room:' || room) FROM unnest(changed) AS room;
        RETURN NULL;
      END
      $$`);
    await db.query(`
      CREATE TRIGGER bookings_count_room_insert
        AFTER INSERT ON bookings REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION rfe_count_room_booking_changes()`);
    await db.query(`
      CREATE TRIGGER bookings_count_room_update
        AFTER UPDATE ON bookings REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION rfe_count_room_booking_changes()`);
    await db.query(`
      CREATE TRIGGER bookings_count_room_delete
        AFTER DELETE ON bookings REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION rfe_count_room_booking_changes()`);
    await db.query(`DROP FUNCTION rfe_count_room_booking_change()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER bookings_count_room_delete ON bookings`);
    await db.query(`DROP TRIGGER bookings_count_room_update ON bookings`);
    await db.query(`DROP TRIGGER bookings_count_room_insert ON bookings`);
    await db.query(`DROP FUNCTION rfe_count_room_booking_changes()`);
    await db.query(`
      CREATE FUNCTION rfe_count_room_booking_change() RETURNS trigger
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
      CREATE TRIGGER bookings_count_room_change
        AFTER INSERT OR UPDATE OR DELETE ON bookings
        FOR EACH ROW EXECUTE FUNCTION rfe_count_room_booking_change()`);
  }
}

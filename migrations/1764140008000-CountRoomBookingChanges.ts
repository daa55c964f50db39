import { MigrationInterface, QueryRunner } from 'typeorm';

export class CountRoomBookingChanges1764140008000 implements MigrationInterface {
  name = 'CountRoomBookingChanges1764140008000';

  async up(db: QueryRunner): Promise<void> {
    // A counter per room, raised by every change to its bookings in the same transaction,
    // so that a room's calendar feed can tell "unchanged" with one primary-key lookup instead
    // of adding up thousands of rows. A trigger, so that no write path can forget it; per
    // room, so that it adds no lock that the room's own booking lock does not already imply.
    await db.query(`
      CREATE TABLE room_booking_versions (
        room_id uuid PRIMARY KEY REFERENCES rooms (id) ON DELETE CASCADE,
        version bigint NOT NULL DEFAULT 0,
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE FUNCTION rfe_count_room_booking_change() RETURNS trigger
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
    await db.query(`
      CREATE TRIGGER bookings_count_room_change
        AFTER INSERT OR UPDATE OR DELETE ON bookings
        FOR EACH ROW EXECUTE FUNCTION rfe_count_room_booking_change()`);
    await db.query(`
      INSERT INTO room_booking_versions (room_id, version, changed_at)
      SELECT room_id, count(*), max(updated_at) FROM bookings GROUP BY room_id`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER bookings_count_room_change ON bookings`);
    await db.query(`DROP FUNCTION rfe_count_room_booking_change()`);
    await db.query(`DROP TABLE room_booking_versions`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

export class DateOpeningHours1764140020000 implements MigrationInterface {
  name = 'DateOpeningHours1764140020000';

  async up(db: QueryRunner): Promise<void> {
    // Opening hours get a history: each row is valid on the room's local dates
    // [valid_from, valid_to); NULL is open-ended ("since always", "until further notice").
    // Reports count open hours with the set that was valid on each date, and availability
    // answers a window across a change with both sets. Existing rows are valid since always.
    await db.query(`
      ALTER TABLE room_opening_hours
        ADD COLUMN valid_from date,
        ADD COLUMN valid_to date,
        ADD CONSTRAINT room_opening_hours_validity_check CHECK (valid_to > valid_from)`);
    // The old exclusion (no two intervals of one weekday overlap) now holds per validity.
    await db.query(`
      DO $$
      DECLARE name text;
      BEGIN
        SELECT conname INTO STRICT name FROM pg_constraint
         WHERE conrelid = 'room_opening_hours'::regclass AND contype = 'x';
        EXECUTE format('ALTER TABLE room_opening_hours DROP CONSTRAINT %I', name);
      END
      $$`);
    await db.query(`
      ALTER TABLE room_opening_hours
        ADD CONSTRAINT room_opening_hours_no_overlap EXCLUDE USING gist (
          room_id WITH =, weekday WITH =, timerange(opens, closes) WITH &&,
          daterange(valid_from, valid_to) WITH &&)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM room_opening_hours WHERE valid_to IS NOT NULL`);
    await db.query(`ALTER TABLE room_opening_hours DROP CONSTRAINT room_opening_hours_no_overlap`);
    await db.query(`
      ALTER TABLE room_opening_hours
        DROP COLUMN valid_from,
        DROP COLUMN valid_to,
        ADD EXCLUDE USING gist (room_id WITH =, weekday WITH =, timerange(opens, closes) WITH &&)`);
  }
}

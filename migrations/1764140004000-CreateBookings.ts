import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateBookings1764140004000 implements MigrationInterface {
  name = 'CreateBookings1764140004000';

  async up(db: QueryRunner): Promise<void> {
    // timestamptz + interval is only STABLE in general; adding whole minutes never depends
    // on the session's zone, so this wrapper may be IMMUTABLE and used in a generated column.
    await db.query(`
      CREATE FUNCTION rfe_plus_minutes(timestamptz, integer) RETURNS timestamptz
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT $1 + make_interval(mins => $2) $$`);

    await db.query(`
      CREATE TABLE booking_series (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        room_id uuid NOT NULL REFERENCES rooms (id) ON DELETE RESTRICT,
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE RESTRICT,
        requested_by uuid REFERENCES users (id) ON DELETE SET NULL,
        rrule text NOT NULL,
        time_zone text NOT NULL,
        first_starts_at timestamptz NOT NULL,
        first_ends_at timestamptz NOT NULL,
        until timestamptz,
        count integer CHECK (count > 0),
        title text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (first_ends_at > first_starts_at),
        CHECK (until IS NOT NULL OR count IS NOT NULL)
      )`);

    await db.query(`
      CREATE TABLE bookings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        room_id uuid NOT NULL REFERENCES rooms (id) ON DELETE RESTRICT,
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE RESTRICT,
        series_id uuid REFERENCES booking_series (id) ON DELETE RESTRICT,
        requested_by uuid REFERENCES users (id) ON DELETE SET NULL,
        status text NOT NULL
          CHECK (status IN ('pending', 'approved', 'declined', 'cancelled', 'expired')),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        buffer_minutes integer NOT NULL DEFAULT 0 CHECK (buffer_minutes >= 0),
        -- The time the booking keeps the room: itself plus the room's buffer after it.
        period tstzrange NOT NULL
          GENERATED ALWAYS AS (tstzrange(starts_at, rfe_plus_minutes(ends_at, buffer_minutes))) STORED,
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        purpose text,
        attendees integer CHECK (attendees > 0),
        is_public boolean NOT NULL DEFAULT false,
        sequence integer NOT NULL DEFAULT 0,
        expires_at timestamptz,
        decided_by uuid REFERENCES users (id) ON DELETE SET NULL,
        decided_at timestamptz,
        decision_reason text CHECK (length(decision_reason) <= 1000),
        cancelled_by uuid REFERENCES users (id) ON DELETE SET NULL,
        cancelled_at timestamptz,
        cancel_reason text CHECK (length(cancel_reason) <= 1000),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_at > starts_at),
        -- The guarantee: no two bookings that hold a slot overlap in one room, whichever
        -- instance or transaction writes them.
        CONSTRAINT bookings_no_overlap
          EXCLUDE USING gist (room_id WITH =, period WITH &&)
          WHERE (status IN ('pending', 'approved'))
      )`);
    await db.query(`CREATE INDEX bookings_room_starts_idx ON bookings (room_id, starts_at)`);
    await db.query(
      `CREATE INDEX bookings_organization_starts_idx ON bookings (organization_id, starts_at)`,
    );
    await db.query(`CREATE INDEX bookings_series_idx ON bookings (series_id)`);
    await db.query(
      `CREATE INDEX bookings_pending_expiry_idx ON bookings (expires_at) WHERE status = 'pending'`,
    );
    // Deleting a user sets these to NULL; without indexes each deletion scans the table.
    for (const column of ['requested_by', 'decided_by', 'cancelled_by']) {
      await db.query(`CREATE INDEX bookings_${column}_idx ON bookings (${column})`);
    }
    await db.query(`CREATE INDEX booking_series_requested_by_idx ON booking_series (requested_by)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE bookings`);
    await db.query(`DROP TABLE booking_series`);
    await db.query(`DROP FUNCTION rfe_plus_minutes(timestamptz, integer)`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateVenuesAndRooms1764140002000 implements MigrationInterface {
  name = 'CreateVenuesAndRooms1764140002000';

  async up(db: QueryRunner): Promise<void> {
    // Search documents are generated columns; array_to_string is only STABLE, so wrap it.
    await db.query(`
      CREATE FUNCTION rfe_words(text[]) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT coalesce(array_to_string($1, ' '), '') $$`);
    // Weekly opening hours are wall-clock times; a range type lets the database refuse overlaps.
    await db.query(`CREATE TYPE timerange AS RANGE (subtype = time)`);

    await db.query(`
      CREATE TABLE venues (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE RESTRICT,
        name text NOT NULL CHECK (length(name) BETWEEN 2 AND 150),
        street text NOT NULL,
        postal_code text NOT NULL,
        city text NOT NULL,
        district text NOT NULL,
        accessibility_notes text,
        description text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        search tsvector GENERATED ALWAYS AS (
          to_tsvector('german'::regconfig,
            name || ' ' || district || ' ' || street || ' ' || coalesce(description, ''))
          || to_tsvector('english'::regconfig,
            name || ' ' || coalesce(description, ''))
        ) STORED
      )`);
    await db.query(`CREATE INDEX venues_organization_idx ON venues (organization_id)`);
    await db.query(`CREATE INDEX venues_district_idx ON venues (lower(district))`);
    await db.query(`CREATE INDEX venues_search_idx ON venues USING gin (search)`);

    await db.query(`
      CREATE TABLE rooms (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        venue_id uuid NOT NULL REFERENCES venues (id) ON DELETE RESTRICT,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 150),
        description text,
        capacity integer NOT NULL CHECK (capacity > 0),
        area_sqm numeric(7, 1) CHECK (area_sqm > 0),
        features text[] NOT NULL DEFAULT '{}',
        step_free boolean NOT NULL DEFAULT false,
        accessible_toilet boolean NOT NULL DEFAULT false,
        hearing_loop boolean NOT NULL DEFAULT false,
        photos text[] NOT NULL DEFAULT '{}',
        price_kind text NOT NULL DEFAULT 'free' CHECK (price_kind IN ('free', 'hourly', 'donation')),
        price_amount_cents integer CHECK (price_amount_cents >= 0),
        price_currency char(3),
        time_zone text NOT NULL DEFAULT 'Europe/Berlin',
        active boolean NOT NULL DEFAULT true,
        approval text NOT NULL DEFAULT 'manual' CHECK (approval IN ('manual', 'automatic')),
        min_duration_minutes integer NOT NULL DEFAULT 30 CHECK (min_duration_minutes > 0),
        max_duration_minutes integer NOT NULL DEFAULT 480,
        lead_time_hours integer NOT NULL DEFAULT 24 CHECK (lead_time_hours >= 0),
        horizon_days integer NOT NULL DEFAULT 365 CHECK (horizon_days > 0),
        buffer_minutes integer NOT NULL DEFAULT 0 CHECK (buffer_minutes >= 0),
        monthly_hours_per_organization integer CHECK (monthly_hours_per_organization > 0),
        request_expiry_hours integer NOT NULL DEFAULT 72 CHECK (request_expiry_hours > 0),
        requires_verified_organization boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        search tsvector GENERATED ALWAYS AS (
          to_tsvector('german'::regconfig,
            name || ' ' || coalesce(description, '') || ' ' || rfe_words(features))
          || to_tsvector('english'::regconfig,
            name || ' ' || coalesce(description, '') || ' ' || rfe_words(features))
        ) STORED,
        CHECK (max_duration_minutes >= min_duration_minutes),
        CHECK (price_kind <> 'hourly' OR price_amount_cents IS NOT NULL),
        CHECK (price_kind <> 'free' OR price_amount_cents IS NULL),
        CHECK ((price_amount_cents IS NULL) = (price_currency IS NULL))
      )`);
    await db.query(`CREATE INDEX rooms_venue_idx ON rooms (venue_id)`);
    await db.query(`CREATE INDEX rooms_capacity_idx ON rooms (capacity)`);
    await db.query(`CREATE INDEX rooms_features_idx ON rooms USING gin (features)`);
    await db.query(`CREATE INDEX rooms_search_idx ON rooms USING gin (search)`);

    await db.query(`
      CREATE TABLE room_opening_hours (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        room_id uuid NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
        weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
        opens time NOT NULL,
        closes time NOT NULL,
        CHECK (closes > opens),
        EXCLUDE USING gist (room_id WITH =, weekday WITH =, timerange(opens, closes) WITH &&)
      )`);

    await db.query(`
      CREATE TABLE room_closures (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        room_id uuid NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_at > starts_at)
      )`);
    await db.query(
      `CREATE INDEX room_closures_period_idx ON room_closures USING gist (room_id, tstzrange(starts_at, ends_at))`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE room_closures`);
    await db.query(`DROP TABLE room_opening_hours`);
    await db.query(`DROP TABLE rooms`);
    await db.query(`DROP TABLE venues`);
    await db.query(`DROP TYPE timerange`);
    await db.query(`DROP FUNCTION rfe_words(text[])`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateForum1764140010000 implements MigrationInterface {
  name = 'CreateForum1764140010000';

  async up(db: QueryRunner): Promise<void> {
    // The agency's topic list, shared by the forum, mentoring and the needs survey. Labels are
    // in the message catalogue (topics.json), so a new language needs no migration.
    await db.query(`
      CREATE TABLE topics (
        key text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9_]{1,39}$'),
        position integer NOT NULL,
        active boolean NOT NULL DEFAULT true
      )`);
    await db.query(`
      INSERT INTO topics (key, position) VALUES
        ('rooms', 1), ('funding', 2), ('association_law', 3), ('public_relations', 4),
        ('volunteer_management', 5), ('intercultural_opening', 6), ('digital_tools', 7),
        ('networking', 8), ('culture', 9), ('other', 10)`);

    // The agency's own organisation books the forum's rooms; at most one is marked.
    await db.query(`ALTER TABLE organizations ADD COLUMN is_agency boolean NOT NULL DEFAULT false`);
    await db.query(
      `CREATE UNIQUE INDEX organizations_one_agency_idx ON organizations (is_agency) WHERE is_agency`,
    );

    await db.query(`
      CREATE TABLE forum_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('forum', 'training', 'public_event')),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        description text,
        topic text NOT NULL REFERENCES topics (key),
        speakers text[] NOT NULL DEFAULT '{}',
        languages text[] NOT NULL DEFAULT '{}',
        accessibility_notes text,
        room_id uuid NOT NULL REFERENCES rooms (id),
        booking_id uuid REFERENCES bookings (id) ON DELETE SET NULL,
        series_id uuid,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        capacity integer NOT NULL CHECK (capacity > 0),
        -- Kept in the transaction of every registration that takes or frees places, under
        -- the row's lock; the CHECK is the guarantee that capacity is never exceeded.
        places_taken integer NOT NULL DEFAULT 0,
        max_places_per_organization integer CHECK (max_places_per_organization > 0),
        registration_opens_at timestamptz,
        registration_closes_at timestamptz,
        audience text NOT NULL CHECK (audience IN ('public', 'members')),
        status text NOT NULL CHECK (status IN ('draft', 'published', 'cancelled')),
        sequence integer NOT NULL DEFAULT 0,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        cancelled_at timestamptz,
        cancel_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_at > starts_at),
        CHECK (places_taken >= 0 AND places_taken <= capacity),
        CHECK (registration_closes_at IS NULL OR registration_opens_at IS NULL
               OR registration_closes_at > registration_opens_at)
      )`);
    await db.query(`CREATE INDEX forum_sessions_starts_idx ON forum_sessions (starts_at)`);
    await db.query(`CREATE INDEX forum_sessions_series_idx ON forum_sessions (series_id)`);
    await db.query(`CREATE INDEX forum_sessions_booking_idx ON forum_sessions (booking_id)`);

    await db.query(`
      CREATE TABLE forum_registrations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL REFERENCES forum_sessions (id) ON DELETE CASCADE,
        -- Order of arrival: taken after the session's row lock, so it is the queue's order.
        arrival bigserial NOT NULL,
        status text NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'cancelled')),
        places integer NOT NULL CHECK (places BETWEEN 1 AND 5),
        name text,
        email text,
        locale text NOT NULL,
        accessibility_needs text,
        organization_id uuid REFERENCES organizations (id) ON DELETE SET NULL,
        user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        -- SHA-256 of the private link's secret; the secret itself is never stored.
        token_hash bytea UNIQUE,
        attended boolean,
        promoted_at timestamptz,
        cancelled_at timestamptz,
        erased_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (erased_at IS NOT NULL OR name IS NOT NULL)
      )`);
    await db.query(
      `CREATE INDEX forum_registrations_queue_idx ON forum_registrations (session_id, status, arrival)`,
    );
    // The same address registers once per session (a cancelled registration frees it).
    await db.query(`
      CREATE UNIQUE INDEX forum_registrations_email_idx ON forum_registrations
        (session_id, lower(email)) WHERE status <> 'cancelled' AND email IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE forum_registrations`);
    await db.query(`DROP TABLE forum_sessions`);
    await db.query(`DROP INDEX organizations_one_agency_idx`);
    await db.query(`ALTER TABLE organizations DROP COLUMN is_agency`);
    await db.query(`DROP TABLE topics`);
  }
}

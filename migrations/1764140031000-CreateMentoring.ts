import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateMentoring1764140031000 implements MigrationInterface {
  name = 'CreateMentoring1764140031000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE mentors (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
        languages text[] NOT NULL DEFAULT '{}',
        topics text[] NOT NULL DEFAULT '{}',
        bio text,
        district text,
        capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 10),
        availability text[] NOT NULL DEFAULT '{}',
        status text NOT NULL CHECK (status IN ('in_training', 'certified', 'paused', 'retired')),
        -- Proposals waiting for an answer and running assignments each hold a place. Kept in
        -- the transaction that proposes, accepts, declines or ends, by a conditional UPDATE
        -- (the row's lock); the CHECK is the guarantee that no mentor is given more.
        places_taken integer NOT NULL DEFAULT 0,
        certified_at timestamptz,
        certified_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (places_taken >= 0 AND places_taken <= capacity),
        CHECK (status IN ('in_training') OR certified_at IS NOT NULL)
      )`);

    await db.query(`
      CREATE TABLE mentoring_training_modules (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        description text,
        hours numeric(5, 2) NOT NULL CHECK (hours > 0),
        required boolean NOT NULL DEFAULT false,
        -- Attending a forum training on this topic, or one of these sessions, counts.
        forum_topic text REFERENCES topics (key),
        forum_session_ids uuid[] NOT NULL DEFAULT '{}',
        position serial NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await db.query(`
      CREATE TABLE mentoring_training_records (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        mentor_id uuid NOT NULL REFERENCES mentors (id) ON DELETE CASCADE,
        module_id uuid NOT NULL REFERENCES mentoring_training_modules (id) ON DELETE CASCADE,
        attended_on date NOT NULL,
        hours numeric(5, 2) CHECK (hours > 0),
        note text,
        recorded_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (mentor_id, module_id)
      )`);

    await db.query(`
      CREATE TABLE mentoring_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        topic text NOT NULL REFERENCES topics (key),
        languages text[] NOT NULL,
        description text NOT NULL,
        preferred_times text[] NOT NULL DEFAULT '{}',
        urgency text NOT NULL CHECK (urgency IN ('low', 'normal', 'high')),
        district text,
        status text NOT NULL CHECK (status IN ('open', 'matched', 'closed')),
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (cardinality(languages) > 0)
      )`);
    await db.query(
      `CREATE INDEX mentoring_requests_organization_idx ON mentoring_requests (organization_id)`,
    );

    await db.query(`
      CREATE TABLE mentoring_assignments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        request_id uuid NOT NULL REFERENCES mentoring_requests (id) ON DELETE CASCADE,
        mentor_id uuid NOT NULL REFERENCES mentors (id) ON DELETE CASCADE,
        status text NOT NULL
          CHECK (status IN ('proposed', 'declined', 'withdrawn', 'active', 'completed', 'ended')),
        message text,
        proposed_by uuid REFERENCES users (id) ON DELETE SET NULL,
        accepted_at timestamptz,
        decided_at timestamptz,
        ended_at timestamptz,
        end_reason text,
        ended_by text CHECK (ended_by IN ('mentor', 'organization', 'staff')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One running assignment per request: of two mentors accepting at once, one wins.
    await db.query(
      `CREATE UNIQUE INDEX mentoring_assignments_one_active_idx
         ON mentoring_assignments (request_id) WHERE status = 'active'`,
    );
    await db.query(
      `CREATE UNIQUE INDEX mentoring_assignments_one_proposal_idx
         ON mentoring_assignments (request_id, mentor_id) WHERE status IN ('proposed', 'active')`,
    );
    await db.query(
      `CREATE INDEX mentoring_assignments_mentor_idx ON mentoring_assignments (mentor_id)`,
    );

    await db.query(`
      CREATE TABLE mentoring_meetings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        assignment_id uuid NOT NULL REFERENCES mentoring_assignments (id) ON DELETE CASCADE,
        starts_at timestamptz NOT NULL,
        duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 720),
        format text NOT NULL CHECK (format IN ('in_person', 'phone', 'video')),
        topics text[] NOT NULL DEFAULT '{}',
        note text,
        booking_id uuid REFERENCES bookings (id) ON DELETE SET NULL,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(
      `CREATE INDEX mentoring_meetings_assignment_idx ON mentoring_meetings (assignment_id, starts_at)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE mentoring_meetings`);
    await db.query(`DROP TABLE mentoring_assignments`);
    await db.query(`DROP TABLE mentoring_requests`);
    await db.query(`DROP TABLE mentoring_training_records`);
    await db.query(`DROP TABLE mentoring_training_modules`);
    await db.query(`DROP TABLE mentors`);
  }
}

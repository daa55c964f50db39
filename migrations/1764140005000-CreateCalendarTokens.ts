import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCalendarTokens1764140005000 implements MigrationInterface {
  name = 'CreateCalendarTokens1764140005000';

  async up(db: QueryRunner): Promise<void> {
    // Secret links to private calendar feeds. Only the SHA-256 of the secret is kept: a copy
    // of the database does not open anyone's calendar. The subject (an organisation or a
    // user, depending on the scope) has no foreign key: its scope says which table it is in,
    // and a feed whose subject is gone answers 404 like a revoked one.
    await db.query(`
      CREATE TABLE calendar_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        scope text NOT NULL CHECK (scope IN ('organization', 'owner', 'user', 'mentor')),
        subject_id uuid NOT NULL,
        created_by uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        token_hash bytea NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        last_used_at timestamptz
      )`);
    await db.query(
      `CREATE INDEX calendar_tokens_created_by_idx ON calendar_tokens (created_by, created_at)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE calendar_tokens`);
  }
}

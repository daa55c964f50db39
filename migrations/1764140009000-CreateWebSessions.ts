import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateWebSessions1764140009000 implements MigrationInterface {
  name = 'CreateWebSessions1764140009000';

  async up(db: QueryRunner): Promise<void> {
    // The browser's login for the web pages. The cookie holds a random secret; only its
    // SHA-256 is kept, so a copy of the database logs nobody in. A row is the whole session:
    // deleting it logs out (one device), deleting a user's rows logs out everywhere.
    await db.query(`
      CREATE TABLE web_sessions (
        token_hash bytea PRIMARY KEY CHECK (octet_length(token_hash) = 32),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        CHECK (expires_at > created_at)
      )`);
    await db.query(`CREATE INDEX web_sessions_user_idx ON web_sessions (user_id)`);
    await db.query(`CREATE INDEX web_sessions_expires_idx ON web_sessions (expires_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE web_sessions`);
  }
}

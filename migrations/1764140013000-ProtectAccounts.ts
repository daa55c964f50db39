import { MigrationInterface, QueryRunner } from 'typeorm';

export class ProtectAccounts1764140013000 implements MigrationInterface {
  name = 'ProtectAccounts1764140013000';

  async up(db: QueryRunner): Promise<void> {
    // credentials_changed_at: a login (bearer token, web session) from before it is void.
    // email_confirmed_at: null until the owner of the address has followed the mail's link;
    // accounts that exist already are taken as confirmed (they were made before the rule).
    await db.query(`
      ALTER TABLE users
        ADD COLUMN email_confirmed_at timestamptz,
        ADD COLUMN credentials_changed_at timestamptz,
        ADD COLUMN blocked_at timestamptz,
        ADD COLUMN blocked_by uuid REFERENCES users (id) ON DELETE SET NULL`);
    await db.query(`UPDATE users SET email_confirmed_at = created_at`);
    // Single-use links sent by mail (password reset, address confirmation): only a hash of
    // the secret is kept, so that a copy of the database opens no account.
    await db.query(`
      CREATE TABLE account_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        purpose text NOT NULL CHECK (purpose IN ('password_reset', 'email_confirmation')),
        token_hash bytea NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(
      `CREATE INDEX account_tokens_user_idx ON account_tokens (user_id, purpose, created_at)`,
    );
    // The admins' audit list runs by time, newest first.
    await db.query(`CREATE INDEX audit_log_at_idx ON audit_log (at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX audit_log_at_idx`);
    await db.query(`DROP TABLE account_tokens`);
    await db.query(`
      ALTER TABLE users
        DROP COLUMN blocked_by,
        DROP COLUMN blocked_at,
        DROP COLUMN credentials_changed_at,
        DROP COLUMN email_confirmed_at`);
  }
}

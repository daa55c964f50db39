import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateUsers1764140000000 implements MigrationInterface {
  name = 'CreateUsers1764140000000';

  async up(db: QueryRunner): Promise<void> {
    // btree_gist backs the exclusion constraints that keep bookings from overlapping.
    await db.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await db.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        locale text NOT NULL CHECK (locale ~ '^[a-z]{2}$'),
        password_hash text NOT NULL,
        is_admin boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX users_email_key ON users (email)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE users`);
  }
}

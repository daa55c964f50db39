import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOrganizations1764140001000 implements MigrationInterface {
  name = 'CreateOrganizations1764140001000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE organizations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 2 AND 150),
        kind text NOT NULL CHECK (kind IN ('migrant_self_organization', 'association',
          'initiative', 'religious_community', 'public_facility', 'other')),
        languages text[] NOT NULL DEFAULT '{}',
        fields text[] NOT NULL DEFAULT '{}',
        district text,
        description text,
        origin_regions text[] NOT NULL DEFAULT '{}',
        contact_email text,
        contact_phone text,
        website text,
        verified_at timestamptz,
        verified_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX organizations_name_idx ON organizations (lower(name))`);
    await db.query(
      `CREATE INDEX organizations_languages_idx ON organizations USING gin (languages)`,
    );
    await db.query(`CREATE INDEX organizations_fields_idx ON organizations USING gin (fields)`);
    await db.query(`
      CREATE TABLE memberships (
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('owner', 'member')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, user_id)
      )`);
    await db.query(`CREATE INDEX memberships_user_idx ON memberships (user_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE memberships`);
    await db.query(`DROP TABLE organizations`);
  }
}

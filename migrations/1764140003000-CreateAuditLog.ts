import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAuditLog1764140003000 implements MigrationInterface {
  name = 'CreateAuditLog1764140003000';

  async up(db: QueryRunner): Promise<void> {
    // Append-only: who did what to which record, when. No foreign keys, so that the trail
    // outlives the records it speaks of.
    await db.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_id uuid,
        action text NOT NULL,
        entity text NOT NULL,
        entity_id uuid NOT NULL,
        data jsonb NOT NULL DEFAULT '{}'
      )`);
    await db.query(`CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id, at)`);
    await db.query(`CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE audit_log`);
  }
}

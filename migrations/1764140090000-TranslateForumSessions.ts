import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A session's title and description in further languages, German staying in `title` and
 * `description`: {"en": {"title": "...", "description": "..."}, "tr": {...}}. The API's DTO
 * bounds the languages and the lengths; the CHECK keeps the column an object.
 */
export class TranslateForumSessions1764140090000 implements MigrationInterface {
  name = 'TranslateForumSessions1764140090000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE forum_sessions
        ADD COLUMN translations jsonb NOT NULL DEFAULT '{}'
          CONSTRAINT forum_sessions_translations_object CHECK (jsonb_typeof(translations) = 'object')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE forum_sessions DROP COLUMN translations`);
  }
}

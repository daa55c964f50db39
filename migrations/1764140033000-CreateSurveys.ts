import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSurveys1764140033000 implements MigrationInterface {
  name = 'CreateSurveys1764140033000';

  async up(db: QueryRunner): Promise<void> {
    // A round of the needs survey: opened by staff, answered by verified organisations until
    // it closes. Wording in several languages as {"de": …, "en": …}; German and English always.
    await db.query(`
      CREATE TABLE surveys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title jsonb NOT NULL CHECK (title ? 'de' AND title ? 'en'),
        description jsonb CHECK (description IS NULL OR (description ? 'de' AND description ? 'en')),
        opens_at timestamptz NOT NULL DEFAULT now(),
        closes_at timestamptz NOT NULL,
        -- When the organisations that have not answered yet are reminded (once).
        remind_at timestamptz NOT NULL,
        reminded_at timestamptz,
        closed_at timestamptz,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (closes_at > opens_at),
        CHECK (remind_at >= opens_at AND remind_at < closes_at)
      )`);
    await db.query(
      `CREATE INDEX surveys_remind_idx ON surveys (remind_at) WHERE reminded_at IS NULL`,
    );

    await db.query(`
      CREATE TABLE survey_questions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        survey_id uuid NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
        position integer NOT NULL CHECK (position >= 1),
        area text NOT NULL CHECK (area IN ('rooms', 'training', 'public_relations', 'funding',
                                           'mentoring', 'other')),
        topic text REFERENCES topics (key),
        kind text NOT NULL CHECK (kind IN ('rating', 'choice', 'text')),
        text jsonb NOT NULL CHECK (text ? 'de' AND text ? 'en'),
        -- choice: [{key, label?: {de, en, …}}]; a key without a label is a topic's key.
        options jsonb NOT NULL DEFAULT '[]',
        multiple boolean NOT NULL DEFAULT false,
        required boolean NOT NULL DEFAULT false,
        UNIQUE (survey_id, position),
        CHECK ((kind = 'choice') = (jsonb_array_length(options) > 0))
      )`);

    // One response per organisation and round (the unique key decides between two first
    // answers sent at once); its answers are replaced on each edit.
    await db.query(`
      CREATE TABLE survey_responses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        survey_id uuid NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        answered_by uuid REFERENCES users (id) ON DELETE SET NULL,
        revision integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (survey_id, organization_id)
      )`);
    await db.query(`
      CREATE TABLE survey_answers (
        response_id uuid NOT NULL REFERENCES survey_responses (id) ON DELETE CASCADE,
        question_id uuid NOT NULL REFERENCES survey_questions (id) ON DELETE CASCADE,
        rating integer CHECK (rating BETWEEN 1 AND 5),
        choices text[],
        text text CHECK (length(text) BETWEEN 1 AND 5000),
        PRIMARY KEY (response_id, question_id),
        CHECK (num_nonnulls(rating, choices, text) = 1)
      )`);
    await db.query(`CREATE INDEX survey_answers_question_idx ON survey_answers (question_id)`);

    // Read models for reports (see survey.contract.ts and forum.contract.ts).
    await db.query(`
      CREATE VIEW report_survey_answers AS
      SELECT r.survey_id, a.question_id, r.organization_id, a.rating, a.choices, a.text
        FROM survey_answers a JOIN survey_responses r ON r.id = a.response_id`);
    await db.query(`
      CREATE VIEW report_survey_responses AS
      SELECT survey_id, organization_id FROM survey_responses`);
    await db.query(`
      CREATE VIEW report_forum_sessions AS
      SELECT id AS session_id, kind, topic, languages, room_id, starts_at, ends_at, capacity,
             status
        FROM forum_sessions`);
    await db.query(`
      CREATE VIEW report_forum_registrations AS
      SELECT session_id, status, places, attended, organization_id FROM forum_registrations`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const view of [
      'report_forum_registrations',
      'report_forum_sessions',
      'report_survey_responses',
      'report_survey_answers',
    ]) {
      await db.query(`DROP VIEW ${view}`);
    }
    await db.query(`DROP TABLE survey_answers`);
    await db.query(`DROP TABLE survey_responses`);
    await db.query(`DROP TABLE survey_questions`);
    await db.query(`DROP TABLE surveys`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOutbox1764140006000 implements MigrationInterface {
  name = 'CreateOutbox1764140006000';

  async up(db: QueryRunner): Promise<void> {
    // One row per mail and recipient, written in the transaction of the change that causes
    // it and delivered later by the worker. The mail is rendered when it is written: it tells
    // what happened then, in the recipient's language, whatever changes afterwards. No
    // foreign keys, so that a mail (and its trail) outlives the records it speaks of.
    await db.query(`
      CREATE TABLE outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL,
        recipient_email text NOT NULL CHECK (recipient_email LIKE '%@%'),
        recipient_name text,
        locale text NOT NULL,
        subject text NOT NULL,
        text_body text NOT NULL,
        html_body text NOT NULL,
        ics text,
        ics_method text CHECK (ics_method IN ('REQUEST', 'CANCEL')),
        booking_id uuid,
        series_id uuid,
        -- Set for notices that must go out once per event however often and wherever the
        -- job that finds them runs (reminders, expiry warnings): "reminder:<booking>:<start>".
        dedupe_key text,
        status text NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        -- pending: when to try (again); sending: when the claim lapses and another worker
        -- may take the message over (its worker died between claiming and marking it).
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        CHECK ((ics IS NULL) = (ics_method IS NULL)),
        CHECK ((status = 'sent') = (sent_at IS NOT NULL))
      )`);
    await db.query(`
      CREATE UNIQUE INDEX outbox_dedupe_key_idx ON outbox (dedupe_key, recipient_email)
        WHERE dedupe_key IS NOT NULL`);
    // The worker's question: what is due now? Only unfinished rows are in this index.
    await db.query(`
      CREATE INDEX outbox_due_idx ON outbox (next_attempt_at)
        WHERE status IN ('pending', 'sending')`);
    // The admin's list, e.g. failed mail, newest first.
    await db.query(`CREATE INDEX outbox_status_created_idx ON outbox (status, created_at)`);
    await db.query(`CREATE INDEX outbox_booking_idx ON outbox (booking_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE outbox`);
  }
}

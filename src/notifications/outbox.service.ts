import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/actor';
import { page, PageDto } from '../common/pagination/page';
import { Database } from '../database/database';
import {
  OutboxMessageResponseDto,
  OutboxQueryDto,
  toOutboxMessageResponse,
} from './dto/outbox.dto';
import { InvitationMethod, OutboxMessage } from './outbox-message.entity';
import { NotificationErrors } from './notifications.errors';

/** A rendered mail for one recipient, as the outbox takes it. */
export interface NewOutboxMessage {
  kind: string;
  recipientEmail: string;
  recipientName: string | null;
  locale: string;
  subject: string;
  textBody: string;
  htmlBody: string;
  ics: string | null;
  icsMethod: InvitationMethod | null;
  bookingId: string | null;
  seriesId: string | null;
  dedupeKey: string | null;
}

const INSERT_SQL = `INSERT INTO outbox (kind, recipient_email, recipient_name, locale, subject,
         text_body, html_body, ics, ics_method, booking_id, series_id, dedupe_key)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
         $7::text[], $8::text[], $9::text[], $10::uuid[], $11::uuid[], $12::text[])
  ON CONFLICT DO NOTHING`;

/**
 * The outbox table: written in the caller's transaction, read and reset by admins. Delivery
 * is the worker's (`OutboxWorker`).
 */
@Injectable()
export class OutboxService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
  ) {}

  /**
   * Adds messages in the caller's transaction, so that they are committed with the change
   * they tell of, or not at all. A message whose dedupe key the recipient already has
   * is left out (ON CONFLICT DO NOTHING): of two instances finding the same due reminder, the
   * second one's insert waits for the first to commit and then adds nothing.
   * Returns how many were added.
   */
  async enqueue(messages: readonly NewOutboxMessage[]): Promise<number> {
    if (messages.length === 0) return 0;
    // Plain SQL, one statement however many: every booking request writes here. A message
    // whose dedupe key is taken already is left out (ON CONFLICT DO NOTHING).
    const column = <K extends keyof NewOutboxMessage>(key: K) => messages.map((m) => m[key]);
    const parameters = [
      column('kind'),
      column('recipientEmail'),
      column('recipientName'),
      column('locale'),
      column('subject'),
      column('textBody'),
      column('htmlBody'),
      column('ics'),
      column('icsMethod'),
      column('bookingId'),
      column('seriesId'),
      column('dedupeKey'),
    ];
    // Without dedupe keys every message is added: nobody need wait for the answer, and in a
    // transaction the insert goes with the next query (`later`), usually the COMMIT.
    if (messages.every((message) => message.dedupeKey === null)) {
      await this.db.later(INSERT_SQL, parameters);
      return messages.length;
    }
    const inserted = await this.db.prepared<unknown[]>(`${INSERT_SQL} RETURNING id`, parameters);
    return inserted.length;
  }

  /** Which of these dedupe keys the outbox holds already (for any recipient). */
  async knownKeys(keys: readonly string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = await this.db.query<{ dedupe_key: string }[]>(
      `SELECT DISTINCT dedupe_key FROM outbox WHERE dedupe_key = ANY($1::text[])`,
      [[...new Set(keys)]],
    );
    return new Set(rows.map((row) => row.dedupe_key));
  }

  /**
   * Deletes the delivered or given-up messages of kinds starting with `kindPrefix` that are
   * older than `days`: for modules that must not keep personal data longer (the forum).
   */
  async forgetDone(kindPrefix: string, days: number): Promise<number> {
    const [deleted] = await this.db.query<{ n: number }[]>(
      `WITH deleted AS (DELETE FROM outbox WHERE starts_with(kind, $1)
          AND status IN ('sent', 'failed') AND created_at < now() - make_interval(days => $2)
        RETURNING id) SELECT count(*)::int AS n FROM deleted`,
      [kindPrefix, days],
    );
    return deleted.n;
  }

  async list(query: OutboxQueryDto): Promise<PageDto<OutboxMessageResponseDto>> {
    const [messages, total] = await this.db.repository(OutboxMessage).findAndCount({
      where: query.status ? { status: query.status } : {},
      order: { createdAt: 'DESC', id: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return page(messages.map(toOutboxMessageResponse), total, query);
  }

  /**
   * Makes a failed (or waiting) message due now with a fresh count of attempts. A sent
   * message, or one a worker is sending right now, is refused: that would deliver it twice.
   */
  async retry(actor: Actor, id: string): Promise<OutboxMessageResponseDto> {
    return this.db.transaction(async () => {
      const manager = this.db.manager;
      const message = await manager.findOne(OutboxMessage, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!message) throw NotificationErrors.MAIL_NOT_FOUND();
      if (message.status === 'sent' || message.status === 'sending') {
        throw NotificationErrors.MAIL_NOT_RETRYABLE();
      }
      const previous = { status: message.status, attempts: message.attempts };
      await manager.update(
        OutboxMessage,
        { id },
        { status: 'pending', attempts: 0, nextAttemptAt: () => 'now()' },
      );
      await this.audit.record({
        actorId: actor.id,
        action: 'mail.retried',
        entity: 'outbox',
        entityId: id,
        data: previous,
      });
      return toOutboxMessageResponse(await manager.findOneByOrFail(OutboxMessage, { id }));
    });
  }
}

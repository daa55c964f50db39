import { PeriodicJob } from '../common/jobs/periodic-job';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { MAIL_TRANSPORT, MailTransport, OutgoingMail } from './mail-transport';
import { InvitationMethod } from './outbox-message.entity';

/** A message this worker has claimed; `attempts` is its claim (see `finish`). */
interface Claimed {
  id: string;
  attempts: number;
  createdAt: Date;
  recipientEmail: string;
  recipientName: string | null;
  subject: string;
  textBody: string;
  htmlBody: string;
  ics: string | null;
  icsMethod: InvitationMethod | null;
}

export interface DeliveryReport {
  sent: number;
  /** Failed this time, to be tried again later. */
  deferred: number;
  /** Given up: marked failed for an admin to look at. */
  failed: number;
}

/** Longest wait between two attempts, however many have failed. */
const MAX_BACKOFF_SECONDS = 4 * 3600;

/**
 * Delivers the outbox. Runs in every instance; each message goes to exactly one of them.
 *
 * A message is claimed in one short statement (`pending` → `sending`, `FOR UPDATE SKIP
 * LOCKED`, attempts + 1), sent with no transaction open, then marked `sent` — or `pending`
 * again with a doubled wait, or `failed` after the last attempt or when the server refuses
 * it for good (5xx). Only the claim decides who sends: two workers never hold one message.
 *
 * A claim lapses after CLAIM_SECONDS, far longer than a send can take. Only a worker that
 * dies after claiming (or between the server's acceptance and the mark) leaves a message
 * `sending`; when the claim lapses, another worker sends it again. That is at-least-once:
 * in that one case the recipient may get a second copy (same Message-ID); in normal
 * operation, with any number of workers, each message goes out once.
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  static readonly CLAIM_SECONDS = 600;
  private stopping = false;

  private readonly job: PeriodicJob;
  private readonly logger = new Logger('OutboxWorker');

  constructor(
    private readonly db: Database,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.job = new PeriodicJob('OutboxWorker', config.mailIntervalSeconds, () => this.deliverDue());
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.job.stop();
    this.transport.close();
  }

  /**
   * Sends what is due now, one message at a time, until nothing is due or `limit` messages
   * were tried. Safe to run concurrently, in this process or in others.
   */
  async deliverDue(limit = 500): Promise<DeliveryReport> {
    const report: DeliveryReport = { sent: 0, deferred: 0, failed: 0 };
    for (let tried = 0; tried < limit && !this.stopping; tried++) {
      const message = await this.claim();
      if (!message) break;
      report[await this.deliver(message)] += 1;
    }
    if (report.deferred || report.failed) {
      this.logger.warn(
        `Mail: ${report.sent} sent, ${report.deferred} to try again later, ${report.failed} given up`,
      );
    } else if (report.sent) {
      this.logger.log(`Mail: ${report.sent} sent`);
    }
    return report;
  }

  private async claim(): Promise<Claimed | undefined> {
    const [rows] = await this.db.query<[Claimed[], number]>(
      `UPDATE outbox
          SET status = 'sending',
              attempts = attempts + 1,
              next_attempt_at = now() + make_interval(secs => $1)
        WHERE id = (SELECT id FROM outbox
                     WHERE status IN ('pending', 'sending') AND next_attempt_at <= now()
                     ORDER BY next_attempt_at, created_at
                     LIMIT 1
                     FOR UPDATE SKIP LOCKED)
        RETURNING id, attempts, created_at AS "createdAt", recipient_email AS "recipientEmail",
                  recipient_name AS "recipientName", subject, text_body AS "textBody",
                  html_body AS "htmlBody", ics, ics_method AS "icsMethod"`,
      [OutboxWorker.CLAIM_SECONDS],
    );
    return rows[0];
  }

  private async deliver(message: Claimed): Promise<keyof DeliveryReport> {
    try {
      await this.transport.send(toOutgoing(message));
    } catch (error) {
      return this.finishFailed(message, error);
    }
    await this.finish(
      message,
      `status = 'sent', sent_at = now(), next_attempt_at = now(), last_error = NULL`,
      [],
    );
    return 'sent';
  }

  private async finishFailed(message: Claimed, error: unknown): Promise<'deferred' | 'failed'> {
    const problem = describe(error);
    const last = message.attempts >= this.config.mailMaxAttempts || problem.permanent;
    if (last) {
      this.logger.warn(
        `Mail ${message.id} given up after ${message.attempts} attempts: ${problem.text}`,
      );
      await this.finish(message, `status = 'failed', last_error = $3`, [problem.text]);
      return 'failed';
    }
    await this.finish(
      message,
      `status = 'pending', last_error = $3, next_attempt_at = now() + make_interval(secs => $4)`,
      [problem.text, this.backoffSeconds(message.attempts)],
    );
    this.logger.debug(`Mail ${message.id}, attempt ${message.attempts}: ${problem.text}`);
    return 'deferred';
  }

  /**
   * Marks the outcome, if the claim is still this worker's: had it lapsed and another worker
   * taken the message over, `attempts` would have moved on, and this mark must not undo that.
   */
  private async finish(message: Claimed, set: string, params: unknown[]): Promise<void> {
    const [, updated] = await this.db.query<[unknown[], number]>(
      `UPDATE outbox SET ${set} WHERE id = $1 AND status = 'sending' AND attempts = $2`,
      [message.id, message.attempts, ...params],
    );
    if (updated === 0) {
      this.logger.warn(`Mail ${message.id}: the claim lapsed before the outcome was marked`);
    }
  }

  /** base · 2^(attempt − 1), at most MAX_BACKOFF_SECONDS. */
  backoffSeconds(attempt: number): number {
    const seconds = this.config.mailRetryBaseSeconds * 2 ** Math.max(0, attempt - 1);
    return Math.min(seconds, MAX_BACKOFF_SECONDS);
  }
}

function toOutgoing(message: Claimed): OutgoingMail {
  return {
    id: message.id,
    createdAt: message.createdAt,
    to: { name: message.recipientName, address: message.recipientEmail },
    subject: message.subject,
    text: message.textBody,
    html: message.htmlBody,
    ics:
      message.ics && message.icsMethod ? { method: message.icsMethod, content: message.ics } : null,
  };
}

/**
 * What went wrong, for the admin's list. A 5xx answer of the mail server (e.g. "550 no such
 * mailbox") will not change by trying again; anything else (4xx, no connection, timeouts,
 * a full disk) may.
 */
function describe(error: unknown): { text: string; permanent: boolean } {
  const details = error as { responseCode?: number; code?: string; message?: string };
  const code = typeof details.responseCode === 'number' ? details.responseCode : undefined;
  const text = [details.code, details.message ?? String(error)].filter(Boolean).join(': ');
  return { text: text.slice(0, 1000), permanent: code !== undefined && code >= 500 };
}

import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { Client } from 'pg';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/** The channel the triggers of migration NotifyFeedChanges announce changes on. */
export const FEED_CHANGES_CHANNEL = 'rfe_feed_changes';

/** Taken before a feed's database reads; says later whether they may still be trusted. */
export interface FeedChangesMark {
  readonly epoch: number;
  readonly sequence: number;
}

/** How long to wait before connecting again after the listening connection was lost. */
const RECONNECT_MS = 1_000;
/** How often the listening connection is asked whether it is alive (a dead TCP peer is silent). */
const PING_MS = 5_000;
/** Beyond this many remembered subjects, forget them all (and everything read before). */
const MAX_SUBJECTS = 100_000;

/**
 * Knows, without asking the database, whether what a feed was made of may have changed —
 * across every instance of the service. One connection of its own stays in
 * `LISTEN rfe_feed_changes`; the triggers announce `room:<id>` and `venue:<id>` when a change
 * commits, on whichever instance it was made. A feed remembers a mark taken before it read
 * the database and the subjects it depends on; it is still current while this connection
 * has stayed up since the mark and none of its subjects was announced after it.
 *
 * Losing the connection (or the server restarting) forgets everything read before: the
 * epoch moves on, nothing is current until LISTEN is back, and what comes after is read
 * again. Not listening at all — the embedded database, which has one connection that cannot
 * stay in LISTEN, or a server that refuses — means every request asks the database, as
 * before.
 *
 * The one window left: a notification travels from the database to this process after the
 * change commits (well under a millisecond on one machine, one network round trip between
 * machines). A request that reaches this instance inside that window still sees the feed
 * as it was a moment before — the same as if it had come a moment earlier.
 */
@Injectable()
export class FeedChanges implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('FeedChanges');
  private client: Client | null = null;
  private listening = false;
  private stopped = false;
  private epoch = 0;
  private sequence = 0;
  /** Subject → the sequence number of its latest announcement. */
  private readonly changed = new Map<string, number>();
  private retry: NodeJS.Timeout | null = null;
  private ping: NodeJS.Timeout | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.database.kind !== 'server' || !this.config.feedChangesListen) return;
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    if (this.ping) clearInterval(this.ping);
    const client = this.client;
    this.lost();
    await client?.end().catch(() => undefined);
  }

  /** Whether announcements arrive at all; without them nothing is ever current. */
  get active(): boolean {
    return this.listening;
  }

  /** A mark to take before reading; null while not listening. */
  mark(): FeedChangesMark | null {
    return this.listening ? { epoch: this.epoch, sequence: this.sequence } : null;
  }

  /** Whether nothing of `subjects` was announced since `mark`, with the connection up throughout. */
  isCurrent(mark: FeedChangesMark, subjects: readonly string[]): boolean {
    if (!this.listening || mark.epoch !== this.epoch) return false;
    for (const subject of subjects) {
      if ((this.changed.get(subject) ?? -1) > mark.sequence) return false;
    }
    return true;
  }

  /** Forgets everything: marks taken before are no longer current. */
  private forgetAll(): void {
    this.epoch++;
    this.changed.clear();
  }

  private announce(subject: string): void {
    this.sequence++;
    if (this.changed.size >= MAX_SUBJECTS && !this.changed.has(subject)) this.forgetAll();
    this.changed.set(subject, this.sequence);
  }

  private async connect(): Promise<void> {
    if (this.stopped || this.config.database.kind !== 'server' || !this.config.feedChangesListen)
      return;
    const client = new Client({
      connectionString: this.config.database.url,
      connectionTimeoutMillis: this.config.database.connectTimeoutSeconds * 1000,
      keepAlive: true,
      application_name: 'rfe-feed-changes',
    });
    client.on('notification', (message) => {
      if (client === this.client && message.payload) this.announce(message.payload);
    });
    const fail = (error?: Error) => {
      if (client !== this.client) return;
      if (error) this.logger.warn(`Feed change listener lost: ${error.message}`);
      this.lost();
      void client.end().catch(() => undefined);
      this.scheduleReconnect();
    };
    client.on('error', fail);
    client.on('end', () => fail());
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${FEED_CHANGES_CHANNEL}`);
      if (client !== this.client) return;
      // Whatever was read before this connection cannot be trusted: changes made meanwhile
      // were announced to nobody.
      this.forgetAll();
      this.listening = true;
      // A peer that vanished without a word would leave LISTEN silent: ask it now and then,
      // and give up on it when the previous question is still unanswered.
      let answered = true;
      this.ping = setInterval(() => {
        if (!answered) return fail(new Error('the database did not answer within 5 s'));
        answered = false;
        client.query('SELECT 1').then(
          () => (answered = true),
          (error: Error) => fail(error),
        );
      }, PING_MS);
      this.ping.unref();
    } catch (error) {
      fail(error as Error);
    }
  }

  private lost(): void {
    this.listening = false;
    this.forgetAll();
    this.client = null;
    if (this.ping) clearInterval(this.ping);
    this.ping = null;
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.connect();
    }, RECONNECT_MS);
    this.retry.unref();
  }
}

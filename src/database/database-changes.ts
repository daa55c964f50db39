import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { Client } from 'pg';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/**
 * The channel the triggers announce changes on (migrations NotifyFeedChanges,
 * NotifyVerificationFeedChanges, CountRoomChangesPerStatement, AnnounceCatalogueChanges). It
 * kept the name it got when the calendar feeds were its only listener.
 */
export const CHANGES_CHANNEL = 'rfe_feed_changes';

/** Taken before an answer's database reads; says later whether they may still be trusted. */
export interface ChangesMark {
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
 * Knows, without asking the database, whether what an answer was made of may have changed —
 * across every instance of the service. One connection of its own stays in
 * `LISTEN rfe_feed_changes`; triggers announce subjects when a change commits, on whichever
 * instance (or `psql`) it was made:
 *
 * - `room:<id>`: the room row, its bookings, opening hours and closures;
 * - `venue:<id>`: the venue row, and the verification of the organisation that owns it;
 * - `catalogue`: anything the room search reads of rooms, venues, verification, opening hours
 *   and closures;
 * - `day:<yyyy-mm-dd>`: a booking whose period (its own buffer included) touches that UTC day.
 *
 * An answer remembers a mark taken before it read the database and the subjects it depends
 * on; it is still current while this connection has stayed up since the mark and none of its
 * subjects was announced after it. Calendar feeds, availability and the room search use it.
 *
 * Losing the connection (or the server restarting) forgets everything read before: the
 * epoch moves on, nothing is current until LISTEN is back, and what comes after is read
 * again. Not listening at all — the embedded database, which has one connection that cannot
 * stay in LISTEN, or a server that refuses — means every request asks the database.
 *
 * The one window left: a notification travels from the database to this process after the
 * change commits (well under a millisecond on one machine, one network round trip between
 * machines). A request that reaches this instance inside that window, for a change made
 * through another instance or directly in the database, still gets the answer of a moment
 * before — the same as if it had come a moment earlier. Changes made through this instance's
 * own HTTP requests leave no such window: `ownWriteDone` is called before their answer is
 * sent, and `caughtUp` then waits for one round trip on the listening connection, after which
 * PostgreSQL has delivered every notification of what committed before it.
 */
@Injectable()
export class DatabaseChanges implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DatabaseChanges');
  private client: Client | null = null;
  private listening = false;
  private stopped = false;
  private epoch = 0;
  private sequence = 0;
  /** Subject → the sequence number of its latest announcement. */
  private readonly changed = new Map<string, number>();
  private retry: NodeJS.Timeout | null = null;
  private ping: NodeJS.Timeout | null = null;
  /** Requests of this process that may have written, answered so far. */
  private writesDone = 0;
  /** Of those, the ones whose notifications are known to have arrived. */
  private writesSeen = 0;
  private syncing: Promise<void> | null = null;

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
  mark(): ChangesMark | null {
    return this.listening ? { epoch: this.epoch, sequence: this.sequence } : null;
  }

  /** Whether nothing of `subjects` was announced since `mark`, with the connection up throughout. */
  isCurrent(mark: ChangesMark, subjects: readonly string[]): boolean {
    if (!this.listening || mark.epoch !== this.epoch) return false;
    for (const subject of subjects) {
      if ((this.changed.get(subject) ?? -1) > mark.sequence) return false;
    }
    return true;
  }

  /**
   * A request of this process that may have changed something is about to be answered (its
   * transaction committed): whoever asks `caughtUp` from now on waits for its notifications.
   */
  ownWriteDone(): void {
    this.writesDone++;
  }

  /**
   * Resolves once every notification of this process's answered writes has arrived; null when
   * there is nothing to wait for (the usual case, without a promise to await).
   */
  caughtUp(): Promise<void> | null {
    if (this.writesSeen >= this.writesDone || !this.listening) return null;
    return this.sync().then(() => this.caughtUp() ?? undefined);
  }

  /**
   * One round trip on the listening connection. PostgreSQL signals the listening sessions
   * before it confirms a commit, and a session sends the notifications it was signalled for
   * before it answers the next query: once `SELECT 1` is answered, the notifications of every
   * transaction that committed before it was sent have been received (and handled, in order).
   */
  private sync(): Promise<void> {
    if (this.syncing) return this.syncing;
    const client = this.client;
    const target = this.writesDone;
    const done = () => {
      this.syncing = null;
    };
    this.syncing = (client ? client.query('SELECT 1') : Promise.resolve()).then(
      () => {
        if (client === this.client) this.writesSeen = Math.max(this.writesSeen, target);
        done();
      },
      () => {
        // The connection failed: nothing is current until it is back (see `lost`).
        this.writesSeen = Math.max(this.writesSeen, target);
        done();
      },
    );
    return this.syncing;
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
      if (error) this.logger.warn(`Change listener lost: ${error.message}`);
      this.lost();
      void client.end().catch(() => undefined);
      this.scheduleReconnect();
    };
    client.on('error', fail);
    client.on('end', () => fail());
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
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

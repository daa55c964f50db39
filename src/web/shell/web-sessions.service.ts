import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { LessThan } from 'typeorm';
import { Actor } from '../../common/auth/actor';
import { PeriodicJob } from '../../common/jobs/periodic-job';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Database } from '../../database/database';
import { DatabaseChanges } from '../../database/database-changes';
import { RememberedAnswers, asKept } from '../../database/remembered-answers';
import { loginUserSql } from '../../identity/identity.contract';
import { LoginUserRow, loginUserOfRow, userOfLogin } from '../../identity/users.service';
import { WebSession } from './web-session.entity';

/** How long a session lasts without a visit, and at most after the login. */
const IDLE_MS = 14 * 24 * 3600_000;
const ABSOLUTE_MS = 90 * 24 * 3600_000;
const TOUCH_AFTER_MS = 3600_000;

export interface OpenSession {
  /** The cookie's value: the only copy of the secret. */
  secret: string;
  expiresAt: Date;
}

export interface CurrentSession {
  user: Actor;
  tokenHash: Buffer;
}

/** A session and its user (the user's columns null when the account is gone). */
interface SessionRow extends LoginUserRow {
  user_id: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
}

const hashOf = (secret: string): Buffer => createHash('sha256').update(secret).digest();

/** A session as remembered: no body of its own, only its row (null: not found). */
interface RememberedSession {
  body: null;
  row: SessionRow | null;
}

/** Sessions remembered per process; each costs its row and key (well under a kilobyte). */
const REMEMBERED = { maxEntries: 10_000, maxBytes: 8 * 1024 * 1024 };

/**
 * Server-side sessions of the web pages in PostgreSQL: any instance can check and end them,
 * and ending one takes effect on the next request. Sessions past their end are removed by
 * a background job (every instance runs it; deleting twice is harmless).
 *
 * A session and its user are remembered per process (`RememberedAnswers`) while PostgreSQL
 * announces neither the session's end (`session:<hash>`, migration AnnounceSessionEnds) nor a
 * change to the account (`user:<id>`): every page asked the database for them. This process's
 * own logouts leave no window (the next answer from memory waits for their announcements);
 * ends made elsewhere take effect as soon as theirs arrive (src/database/README.md). Without
 * announcements (the embedded database) nothing is remembered.
 */
@Injectable()
export class WebSessionsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly purge: PeriodicJob;
  private readonly remembered: RememberedAnswers<RememberedSession>;

  constructor(
    private readonly db: Database,
    @Inject(APP_CONFIG) config: AppConfig,
    changes: DatabaseChanges,
  ) {
    this.remembered = new RememberedAnswers(changes, REMEMBERED);
    this.purge = new PeriodicJob('WebSessionPurge', config.jobIntervalSeconds, () =>
      this.purgeExpired(),
    );
  }

  onApplicationBootstrap(): void {
    this.purge.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.purge.stop();
  }

  private get sessions() {
    return this.db.repository(WebSession);
  }

  async open(userId: string, now = new Date()): Promise<OpenSession> {
    const secret = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + IDLE_MS);
    await this.sessions.insert({
      tokenHash: hashOf(secret),
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
    });
    return { secret, expiresAt };
  }

  /**
   * The user of a cookie's session, or null when it is unknown, ended or expired. Every page
   * asks this: the session and its user come in one query, prepared once per connection, and
   * are remembered while nothing of them is announced.
   */
  async resolve(secret: string | undefined, now = new Date()): Promise<CurrentSession | null> {
    if (!secret || secret.length > 100) return null;
    const tokenHash = hashOf(secret);
    const { row: found } = await this.remembered.answer(
      tokenHash.toString('hex'),
      () => this.read(tokenHash),
      asKept,
    );
    if (!found || found.expires_at <= now) return null;
    // A password change or a block voids every login begun before it, sessions as tokens;
    // so does an account that is gone.
    const user = userOfLogin(loginUserOfRow(found), found.created_at);
    if (!user) {
      await this.sessions.delete({ tokenHash });
      return null;
    }
    if (now.getTime() - found.last_seen_at.getTime() > TOUCH_AFTER_MS) {
      const expiresAt = new Date(
        Math.min(now.getTime() + IDLE_MS, found.created_at.getTime() + ABSOLUTE_MS),
      );
      await this.sessions.update({ tokenHash }, { lastSeenAt: now, expiresAt });
      // The remembered row is this process's own copy: the visit it wrote is applied to it,
      // so the next page does not write it again. (Its entry still ends at the old end, and
      // the session is read again then.)
      found.last_seen_at = now;
      found.expires_at = expiresAt;
    }
    return { user, tokenHash };
  }

  /** The session's row and its user's, and whether and how long they may be remembered. */
  private async read(tokenHash: Buffer) {
    const [row] = await this.db.prepared<SessionRow[]>(
      `SELECT s.user_id, s.created_at, s.last_seen_at, s.expires_at, u.*
         FROM web_sessions s LEFT JOIN LATERAL (${loginUserSql('s.user_id')}) u ON true
        WHERE s.token_hash = $1`,
      [tokenHash],
    );
    // Only a session that still stands is kept: unknown cookies (anyone can send them) are not.
    const stands = row && row.id !== null;
    return {
      body: null,
      row: row ?? null,
      keep: stands
        ? {
            subjects: [`session:${tokenHash.toString('hex')}`, `user:${row.user_id}`],
            expiresAt: row.expires_at.getTime(),
          }
        : null,
    };
  }

  /** Logs out this browser. */
  async end(tokenHash: Buffer): Promise<void> {
    await this.sessions.delete({ tokenHash });
  }

  /** Logs the user out on every device. */
  async endAllOf(userId: string): Promise<void> {
    await this.sessions.delete({ userId });
  }

  /** Removes the sessions past their end; returns how many. */
  async purgeExpired(now = new Date()): Promise<number> {
    const result = await this.sessions.delete({ expiresAt: LessThan(now) });
    return result.affected ?? 0;
  }
}

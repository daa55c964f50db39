import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { LessThan } from 'typeorm';
import { Actor } from '../../common/auth/actor';
import { PeriodicJob } from '../../common/jobs/periodic-job';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Database } from '../../database/database';
import {
  LOGIN_USER_COLUMNS,
  LoginUserRow,
  loginUserOfRow,
  userOfLogin,
} from '../../identity/users.service';
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

/**
 * Server-side sessions of the web pages in PostgreSQL: any instance can check and end them,
 * and ending one takes effect on the next request. Sessions past their end are removed by
 * a background job (every instance runs it; deleting twice is harmless).
 */
@Injectable()
export class WebSessionsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly purge: PeriodicJob;

  constructor(
    private readonly db: Database,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
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
   * asks this, so the session and its user come in one query, prepared once per connection.
   */
  async resolve(secret: string | undefined, now = new Date()): Promise<CurrentSession | null> {
    if (!secret || secret.length > 100) return null;
    const tokenHash = hashOf(secret);
    const [found] = await this.db.prepared<SessionRow[]>(
      `SELECT s.user_id, s.created_at, s.last_seen_at, s.expires_at,
              ${LOGIN_USER_COLUMNS}
         FROM web_sessions s LEFT JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = $1`,
      [tokenHash],
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
    }
    return { user, tokenHash };
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

import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { LessThan } from 'typeorm';
import { Actor } from '../../common/auth/actor';
import { Database } from '../../database/database';
import { UsersService } from '../../identity/users.service';
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

const hashOf = (secret: string): Buffer => createHash('sha256').update(secret).digest();

/**
 * Server-side sessions of the web pages in PostgreSQL: any instance can check and end them,
 * and ending one takes effect on the next request.
 */
@Injectable()
export class WebSessionsService {
  constructor(
    private readonly db: Database,
    private readonly users: UsersService,
  ) {}

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

  /** The user of a cookie's session, or null when it is unknown, ended or expired. */
  async resolve(secret: string | undefined, now = new Date()): Promise<CurrentSession | null> {
    if (!secret || secret.length > 100) return null;
    const tokenHash = hashOf(secret);
    const session = await this.sessions.findOne({ where: { tokenHash } });
    if (!session || session.expiresAt <= now) return null;
    // A password change or a block voids every login begun before it, sessions as tokens.
    const validSince = await this.users.credentialsValidSince(session.userId);
    if (validSince && session.createdAt < validSince) {
      await this.sessions.delete({ tokenHash });
      return null;
    }
    const user = await this.users.findById(session.userId);
    if (!user) return null;
    if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
      const expiresAt = new Date(
        Math.min(now.getTime() + IDLE_MS, session.createdAt.getTime() + ABSOLUTE_MS),
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

  /** Sessions past their end, removed now and then. */
  async purgeExpired(now = new Date()): Promise<void> {
    await this.sessions.delete({ expiresAt: LessThan(now) });
  }
}

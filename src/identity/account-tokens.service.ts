import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import { AccountToken, AccountTokenPurpose } from './account-token.entity';

const hashOf = (secret: string): Buffer => createHash('sha256').update(secret, 'utf8').digest();

/** A link's secret: 32 random bytes, URL-safe. Anything else is refused before a lookup. */
export const ACCOUNT_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Single-use links sent by mail (password reset, address confirmation). The secret goes
 * into the mail only; the table keeps its SHA-256, the expiry and when it was used.
 */
@Injectable()
export class AccountTokensService {
  constructor(private readonly db: Database) {}

  /** A new link's secret for this user, valid for `validMinutes`. */
  async issue(userId: string, purpose: AccountTokenPurpose, validMinutes: number): Promise<string> {
    const secret = randomBytes(32).toString('base64url');
    await this.db.manager.insert(AccountToken, {
      userId,
      purpose,
      tokenHash: hashOf(secret),
      expiresAt: new Date(Date.now() + validMinutes * 60_000),
    });
    return secret;
  }

  /** How many links of this kind the user was sent since `since` (to throttle requests). */
  issuedSince(userId: string, purpose: AccountTokenPurpose, since: Date): Promise<number> {
    return this.db.manager
      .createQueryBuilder(AccountToken, 't')
      .where('t.user_id = :userId AND t.purpose = :purpose AND t.created_at >= :since', {
        userId,
        purpose,
        since,
      })
      .getCount();
  }

  /**
   * Uses a link: the user it was for, or null when it is unknown, expired or used. One
   * UPDATE decides, so that of two simultaneous uses exactly one finds the link unused
   * (the second waits for the first's row lock and then sees `used_at` set).
   */
  async consume(secret: string, purpose: AccountTokenPurpose): Promise<string | null> {
    if (!ACCOUNT_TOKEN_PATTERN.test(secret)) return null;
    const [rows] = await this.db.query<[{ user_id: string }[], number]>(
      `UPDATE account_tokens SET used_at = now()
        WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
        RETURNING user_id`,
      [hashOf(secret), purpose],
    );
    return rows[0]?.user_id ?? null;
  }

  /** Voids the user's other open links of this kind (after a reset, the older mails are void). */
  async voidAll(userId: string, purpose: AccountTokenPurpose): Promise<void> {
    await this.db.query(
      `UPDATE account_tokens SET used_at = now()
        WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`,
      [userId, purpose],
    );
  }
}

import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/actor';
import { Database } from '../database/database';
import { AccountTokensService } from '../identity/account-tokens.service';
import { AccessToken, AuthService } from '../identity/auth.service';
import { UsersService } from '../identity/users.service';
import { AccountMailsService } from '../notifications/account-mails.service';
import { AccountErrors } from './accounts.errors';
import { anHourAgo, LINKS } from './account-links';

/**
 * Changing a password, and getting a new one through a mailed link. Either way every login
 * begun before (other devices, old tokens, web sessions) ends.
 */
@Injectable()
export class AccountCredentialsService {
  constructor(
    private readonly db: Database,
    private readonly users: UsersService,
    private readonly auth: AuthService,
    private readonly tokens: AccountTokensService,
    private readonly mails: AccountMailsService,
    private readonly audit: AuditService,
  ) {}

  /** A new password for the caller, who must know the current one; answers with a new login. */
  async change(actor: Actor, current: string, next: string): Promise<AccessToken> {
    await this.users.checkPassword(actor.id, current);
    const password = await this.users.preparePassword(next);
    await this.db.transaction(async () => {
      await this.users.setPassword(actor.id, password);
      await this.audit.record({
        actorId: actor.id,
        action: 'user.password_changed',
        entity: 'user',
        entityId: actor.id,
      });
    });
    return this.auth.issue(actor);
  }

  /**
   * Mails a reset link when the address has an account that may log in — and answers the
   * same either way, so that nobody learns which addresses have one. A few mails an hour per
   * account at most; further requests send nothing.
   */
  async requestReset(email: string): Promise<void> {
    const user = await this.users.findByEmail(email);
    if (!user) return;
    await this.db.transaction(async () => {
      const locked = await this.users.lock(user.id);
      if (!locked || locked.blockedAt) return;
      const sent = await this.tokens.issuedSince(user.id, 'password_reset', anHourAgo());
      if (sent >= LINKS.perHour) return;
      const secret = await this.tokens.issue(user.id, 'password_reset', LINKS.resetValidMinutes);
      await this.mails.passwordReset(locked, secret, LINKS.resetValidMinutes);
    });
  }

  /**
   * Sets the password a reset link was sent for. The link works once: of two uses at the
   * same moment exactly one succeeds (see AccountTokensService.consume); every other
   * reset link of the account is voided with it. Following the link proves the address.
   */
  async reset(secret: string, next: string): Promise<void> {
    const password = await this.users.preparePassword(next);
    await this.db.transaction(async () => {
      const userId = await this.tokens.consume(secret, 'password_reset');
      const user = userId ? await this.users.lock(userId) : null;
      if (!user || user.blockedAt) throw AccountErrors.LINK_INVALID();
      await this.users.setPassword(user.id, password, { confirmEmail: true });
      await this.tokens.voidAll(user.id, 'password_reset');
      await this.audit.record({
        actorId: user.id,
        action: 'user.password_reset',
        entity: 'user',
        entityId: user.id,
      });
    });
  }
}

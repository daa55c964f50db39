import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/actor';
import { CommonErrors } from '../common/errors/domain-error';
import { Database } from '../database/database';
import { AccountTokensService } from '../identity/account-tokens.service';
import { NewUser, UsersService, UserSummary } from '../identity/users.service';
import { AccountMailsService } from '../notifications/account-mails.service';
import { AccountErrors } from './accounts.errors';
import { anHourAgo, LINKS } from './account-links';

/**
 * A new account and the confirmation of its address: the account and the mail with the
 * link are written in one transaction. Until the link is followed, the account may look
 * around but not request bookings.
 */
@Injectable()
export class RegistrationService {
  constructor(
    private readonly db: Database,
    private readonly users: UsersService,
    private readonly tokens: AccountTokensService,
    private readonly mails: AccountMailsService,
    private readonly audit: AuditService,
  ) {}

  async register(input: NewUser): Promise<UserSummary> {
    const password = await this.users.preparePassword(input.password);
    return this.db.transaction(async () => {
      const user = await this.users.register(input, password);
      await this.sendConfirmation(user);
      return user;
    });
  }

  /** Sends a new confirmation link (429 after a few in an hour, 409 when confirmed). */
  async resend(actor: Actor): Promise<void> {
    await this.db.transaction(async () => {
      const user = await this.users.lock(actor.id);
      if (!user) throw CommonErrors.UNAUTHENTICATED();
      if (user.emailConfirmed) throw AccountErrors.EMAIL_ALREADY_CONFIRMED();
      const sent = await this.tokens.issuedSince(user.id, 'email_confirmation', anHourAgo());
      if (sent >= LINKS.perHour) throw CommonErrors.TOO_MANY_REQUESTS();
      await this.sendConfirmation(user);
    });
  }

  /** Follows a confirmation link; LINK_INVALID when it is unknown, expired or used. */
  async confirm(secret: string): Promise<void> {
    await this.db.transaction(async () => {
      const userId = await this.tokens.consume(secret, 'email_confirmation');
      if (!userId) throw AccountErrors.LINK_INVALID();
      await this.users.confirmEmail(userId);
      await this.tokens.voidAll(userId, 'email_confirmation');
      await this.audit.record({
        actorId: userId,
        action: 'user.email_confirmed',
        entity: 'user',
        entityId: userId,
      });
    });
  }

  private async sendConfirmation(user: UserSummary): Promise<void> {
    const secret = await this.tokens.issue(
      user.id,
      'email_confirmation',
      LINKS.confirmationValidHours * 60,
    );
    await this.mails.emailConfirmation(user, secret, LINKS.confirmationValidHours);
  }
}

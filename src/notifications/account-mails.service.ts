import { Inject, Injectable } from '@nestjs/common';
import { MessageCatalogue } from '../common/i18n/message-catalogue';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { UsersService } from '../identity/users.service';
import {
  OrganizationAwaitingVerification,
  VerificationRequests,
} from '../organizations/organizations.contract';
import { renderAccountMail } from './account-mails';
import { escapeHtml } from './mail-text.contract';
import { NewOutboxMessage, OutboxService } from './outbox.service';

/** Whom an account mail goes to. */
export interface AccountHolder {
  email: string;
  name: string;
  locale: string;
}

/**
 * Mails about accounts (address confirmation, password reset) and to the agency's staff,
 * written to the outbox in the caller's transaction like every other mail.
 */
@Injectable()
export class AccountMailsService implements VerificationRequests {
  constructor(
    private readonly outbox: OutboxService,
    private readonly users: UsersService,
    private readonly catalogue: MessageCatalogue,
    private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async emailConfirmation(to: AccountHolder, secret: string, validHours: number): Promise<void> {
    await this.send(to, 'emailConfirmation', `/confirm-email?token=${secret}`, {
      hours: validHours,
    });
  }

  async passwordReset(to: AccountHolder, secret: string, validMinutes: number): Promise<void> {
    await this.send(to, 'passwordReset', `/reset-password?token=${secret}`, {
      minutes: validMinutes,
    });
  }

  /** Tells every admin that an organisation waits for verification (once per organisation). */
  async awaitingVerification(organization: OrganizationAwaitingVerification): Promise<void> {
    const admins = await this.users.admins();
    await this.outbox.enqueue(
      admins.map((admin) => ({
        ...this.message(admin, 'verificationWaiting', `/api/organizations/${organization.id}`, {
          organization: organization.name.replace(/\s+/g, ' ').trim(),
        }),
        kind: 'organization.awaiting_verification',
        dedupeKey: `verification:${organization.id}:${admin.id}`,
      })),
    );
  }

  /**
   * Forgets a person whose account is deleted: mails to their address are removed, and their
   * name and address are taken out of the mails other people received (e.g. "changed by").
   */
  async forgetPerson(person: { email: string; name: string }): Promise<void> {
    await this.db.query(`DELETE FROM outbox WHERE recipient_email = $1`, [person.email]);
    const gone = '—';
    const texts = [person.email, ...(person.name.trim().length >= 2 ? [person.name.trim()] : [])];
    for (const text of texts) {
      await this.db.query(
        `UPDATE outbox
            SET recipient_name = replace(recipient_name, $1, $3),
                subject = replace(subject, $1, $3),
                text_body = replace(text_body, $1, $3),
                html_body = replace(replace(html_body, $1, $3), $2, $3),
                ics = replace(ics, $1, $3)
          WHERE strpos(subject || text_body || html_body || coalesce(ics, '') ||
                       coalesce(recipient_name, ''), $1) > 0
             OR strpos(html_body, $2) > 0`,
        [text, escapeHtml(text), gone],
      );
    }
  }

  private async send(
    to: AccountHolder,
    kind: string,
    path: string,
    params: Record<string, string | number>,
  ): Promise<void> {
    await this.outbox.enqueue([
      { ...this.message(to, kind, path, params), kind: `account.${kind}`, dedupeKey: null },
    ]);
  }

  private message(
    to: AccountHolder,
    kind: string,
    path: string,
    params: Record<string, string | number>,
  ): Omit<NewOutboxMessage, 'kind' | 'dedupeKey'> {
    const mail = renderAccountMail(this.catalogue, to.locale, {
      kind,
      recipientName: to.name,
      params,
      link: `${this.config.publicUrl}${path}`,
    });
    return {
      recipientEmail: to.email,
      recipientName: to.name || null,
      locale: mail.locale,
      subject: mail.subject,
      textBody: mail.text,
      htmlBody: mail.html,
      ics: null,
      icsMethod: null,
      bookingId: null,
      seriesId: null,
    };
  }
}

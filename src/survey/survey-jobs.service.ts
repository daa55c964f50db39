import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { MessageCatalogue } from '../common/i18n/message-catalogue';
import { PeriodicJob } from '../common/jobs/periodic-job';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { NewOutboxMessage, OutboxService } from '../notifications/outbox.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { wordingIn } from './survey.contract';
import { Survey } from './survey.entity';
import { renderSurveyReminder } from './survey-mails';

/** Rounds reminded per run (each reminds every organisation that has not answered). */
const ROUNDS_PER_RUN = 5;

/**
 * The survey's clock-driven work, in every instance: once a round's reminder time has come,
 * the owners of each verified organisation that has not answered yet get one mail. The round
 * is claimed by setting `reminded_at` in the transaction that writes the mails (a second
 * instance finds it claimed), and the outbox's unique key `survey-reminder:<round>:<org>`
 * guards each mail as well.
 */
@Injectable()
export class SurveyJobsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly job: PeriodicJob;

  constructor(
    private readonly db: Database,
    private readonly outbox: OutboxService,
    private readonly organizations: OrganizationsService,
    private readonly catalogue: MessageCatalogue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.job = new PeriodicJob('SurveyJobs', config.jobIntervalSeconds, () => this.remindDue());
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  /** Queues the reminders due now; returns how many mails were queued. */
  async remindDue(): Promise<number> {
    return this.db.transaction(async () => {
      // A CTE, so that the driver answers rows (an UPDATE alone answers [rows, count]).
      const claimed = await this.db.query<{ id: string }[]>(
        `WITH due AS (
           SELECT id FROM surveys
            WHERE reminded_at IS NULL AND remind_at <= now() AND closes_at > now()
              AND closed_at IS NULL
            ORDER BY remind_at LIMIT ${ROUNDS_PER_RUN} FOR UPDATE SKIP LOCKED),
         claimed AS (
           UPDATE surveys s SET reminded_at = now() FROM due WHERE s.id = due.id RETURNING s.id)
         SELECT id FROM claimed`,
      );
      let queued = 0;
      for (const { id } of claimed) queued += await this.remind(id);
      return queued;
    });
  }

  private async remind(id: string): Promise<number> {
    const survey = await this.db.manager.findOneByOrFail(Survey, { id });
    const answered = await this.db.query<{ organization_id: string }[]>(
      `SELECT organization_id FROM survey_responses WHERE survey_id = $1`,
      [id],
    );
    const done = new Set(answered.map((row) => row.organization_id));
    const waiting = (await this.organizations.verifiedIds()).filter((org) => !done.has(org));
    const contacts = await this.organizations.contactsOf(waiting);
    const link = `${this.config.publicUrl}/surveys/${id}`;
    const messages: NewOutboxMessage[] = [];
    for (const organization of contacts.values()) {
      for (const member of organization.members.filter((m) => m.role === 'owner')) {
        const locale = this.catalogue.mailLocale(member.locale, 'survey');
        const mail = renderSurveyReminder(this.catalogue, locale, {
          recipientName: member.name,
          organization: organization.name,
          title: wordingIn(survey.title, locale),
          closesAt: survey.closesAt,
          link,
        });
        messages.push({
          kind: 'survey.reminder',
          recipientEmail: member.email,
          recipientName: member.name,
          locale: mail.locale,
          subject: mail.subject,
          textBody: mail.text,
          htmlBody: mail.html,
          ics: null,
          icsMethod: null,
          bookingId: null,
          seriesId: null,
          dedupeKey: `survey-reminder:${id}:${organization.id}`,
        });
      }
    }
    return this.outbox.enqueue(messages);
  }
}

import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { In } from 'typeorm';
import { outboxHoldsKeySql } from '../notifications/outbox.contract';
import { OutboxService } from '../notifications/outbox.service';
import { PeriodicJob } from '../common/jobs/periodic-job';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { ForumNoticesService } from './forum-notices.service';
import { ForumRegistration } from './forum-registration.entity';
import { ForumSession } from './forum-session.entity';

/**
 * The forum's clock-driven work, in every instance: the reminder the day before a session
 * (one per registration — the outbox's unique dedupe key `forum-reminder:<id>` decides when
 * two instances find the same one), and the erasure of registrants' personal data a set
 * number of days after the session, keeping what reports count.
 */
@Injectable()
export class ForumJobsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly job: PeriodicJob;

  constructor(
    private readonly db: Database,
    private readonly notices: ForumNoticesService,
    private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.job = new PeriodicJob('ForumJobs', config.jobIntervalSeconds, async () => {
      await this.remindDue();
      await this.eraseDue();
    });
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  /**
   * Queues the reminders due now: confirmed registrations with an address for published
   * sessions starting within a day, made more than a day before the start (a fresh
   * confirmation is reminder enough). Returns how many mails were queued.
   */
  async remindDue(): Promise<number> {
    return this.db.transaction(async () => {
      const due = await this.db.manager
        .createQueryBuilder(ForumRegistration, 'r')
        .innerJoin(ForumSession, 's', 's.id = r.session_id')
        .where(`r.status = 'confirmed' AND r.email IS NOT NULL AND r.erased_at IS NULL`)
        .andWhere(`s.status = 'published'`)
        .andWhere(`s.starts_at > now() AND s.starts_at <= now() + interval '24 hours'`)
        .andWhere(`r.created_at < s.starts_at - interval '24 hours'`)
        .andWhere(`NOT ${outboxHoldsKeySql(`'forum-reminder:' || r.id::text`)}`)
        .orderBy('r.arrival')
        .limit(500)
        .getMany();
      if (due.length === 0) return 0;
      const sessions = await this.db.manager.find(ForumSession, {
        where: { id: In([...new Set(due.map((r) => r.sessionId))]) },
      });
      let queued = 0;
      for (const session of sessions) {
        const registrations = due.filter((r) => r.sessionId === session.id);
        queued += await this.notices.tell(
          'reminder',
          session,
          registrations.map((registration) => ({ registration })),
        );
      }
      return queued;
    });
  }

  /**
   * Erases name, address, accessibility needs, account and link of every registration of a
   * session that ended more than FORUM_ERASE_AFTER_DAYS ago; places, status, attendance,
   * language and organisation stay for the reports. Forum mails older than that are deleted
   * from the outbox once delivered or given up. Returns how many registrations were erased.
   */
  async eraseDue(): Promise<number> {
    const days = this.config.forumEraseAfterDays;
    return this.db.transaction(async () => {
      // A CTE, so that the driver answers rows (an UPDATE alone answers [rows, count]).
      const [erased] = await this.db.query<{ n: number }[]>(
        `WITH erased AS (UPDATE forum_registrations r
            SET name = NULL, email = NULL, accessibility_needs = NULL, user_id = NULL,
                token_hash = NULL, erased_at = now(), updated_at = now()
           FROM forum_sessions s
          WHERE s.id = r.session_id AND r.erased_at IS NULL
            AND s.ends_at < now() - make_interval(days => $1)
        RETURNING r.id) SELECT count(*)::int AS n FROM erased`,
        [days],
      );
      await this.outbox.forgetDone('forum.', days);
      return erased.n;
    });
  }
}

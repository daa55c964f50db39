import { PeriodicJob } from '../common/jobs/periodic-job';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SelectQueryBuilder } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { BookingNotice } from '../notifications/booking-change.contract';
import { NotificationsService } from '../notifications/notifications.service';
import { Booking } from './booking.entity';
import { Database } from '../database/database';

/** How long before a booking starts its requester is reminded, and before a request expires its owners are warned. */
const NOTICE_AHEAD = `interval '24 hours'`;

/**
 * Notices that are due by the clock rather than by a change: a reminder to the requester the
 * day before an approved booking, and a warning to the owners the day before an unanswered
 * request expires. Runs in every instance; the notice's dedupe key in the outbox makes each
 * go out once, however many instances find it.
 *
 * Neither is sent when the mail before it is recent: no reminder for a booking approved
 * within the last day before it starts, no warning for a request made within a day of its
 * deadline.
 */
@Injectable()
export class BookingRemindersService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly job: PeriodicJob;

  constructor(
    private readonly db: Database,
    private readonly notifications: NotificationsService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.job = new PeriodicJob('BookingReminders', config.jobIntervalSeconds, () =>
      Promise.all([this.remindDue(), this.warnBeforeExpiry()]),
    );
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  /** Queues the reminders due now; returns how many mails were queued. */
  remindDue(): Promise<number> {
    return this.noticeDue('reminder', (query) =>
      query
        .andWhere(`b.status = 'approved'`)
        .andWhere(`b.starts_at > now() AND b.starts_at <= now() + ${NOTICE_AHEAD}`)
        .andWhere(`(b.decided_at IS NULL OR b.decided_at < b.starts_at - ${NOTICE_AHEAD})`),
    );
  }

  /** Queues the warnings due now; returns how many mails were queued. */
  warnBeforeExpiry(): Promise<number> {
    return this.noticeDue('expiring', (query) =>
      query
        .andWhere(`b.status = 'pending'`)
        .andWhere(`b.expires_at > now() AND b.expires_at <= now() + ${NOTICE_AHEAD}`)
        .andWhere(`b.updated_at < b.expires_at - ${NOTICE_AHEAD}`),
    );
  }

  /**
   * Finds the due bookings that have not had the notice, then locks those (shared, skipping
   * any a change holds right now) and checks them again, so that a booking cancelled or
   * decided at this moment gets no reminder after its cancellation. Locking only the few
   * new ones keeps the job from writing row locks over a whole day of bookings every run.
   */
  private noticeDue(
    notice: BookingNotice,
    due: (query: SelectQueryBuilder<Booking>) => SelectQueryBuilder<Booking>,
  ): Promise<number> {
    return this.db.transaction(async () => {
      const candidates = await due(this.db.manager.createQueryBuilder(Booking, 'b')).getMany();
      const fresh = await this.notifications.unnoticed(notice, candidates);
      if (fresh.length === 0) return 0;
      const locked = await due(this.db.manager.createQueryBuilder(Booking, 'b'))
        .andWhere('b.id IN (:...ids)', { ids: fresh.map((booking) => booking.id) })
        .setLock('pessimistic_read')
        .setOnLocked('skip_locked')
        .getMany();
      return this.notifications.notice(notice, locked);
    });
  }
}

import { PeriodicJob } from '../common/jobs/periodic-job';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { NotificationsService } from '../notifications/notifications.service';
import { Booking } from './booking.entity';
import { Database } from '../database/database';

/**
 * Expires pending requests whose owners did not answer in time. Runs in every instance;
 * `FOR UPDATE SKIP LOCKED` hands each due request to exactly one of them, and the status
 * condition makes a second run a no-op.
 */
@Injectable()
export class BookingExpiryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly job: PeriodicJob;
  private readonly logger = new Logger('BookingExpiry');

  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.job = new PeriodicJob('BookingExpiry', config.jobIntervalSeconds, () => this.expireDue());
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  /** Expires what is due now, in batches; returns how many requests expired. */
  async expireDue(batchSize = 200): Promise<number> {
    let total = 0;
    for (;;) {
      const expired = await this.db.transaction(async () => {
        const result = await this.db.manager
          .createQueryBuilder()
          .update(Booking)
          .set({ status: 'expired', sequence: () => 'sequence + 1', expiresAt: null })
          .where(
            `id IN (SELECT id FROM bookings
                     WHERE status = 'pending' AND expires_at <= now()
                     ORDER BY expires_at LIMIT :batchSize
                     FOR UPDATE SKIP LOCKED)`,
            { batchSize },
          )
          .andWhere(`status = 'pending'`)
          .returning(['id', 'sequence'])
          .execute();
        const list = result.raw as { id: string; sequence: number }[];
        await this.audit.record(
          list.map((row) => ({
            actorId: null,
            action: 'booking.expired',
            entity: 'booking',
            entityId: row.id,
            data: { sequence: row.sequence },
          })),
        );
        if (list.length) {
          const bookings = await this.db.manager.findBy(Booking, {
            id: In(list.map((row) => row.id)),
          });
          await this.notifications.bookingChanged({ kind: 'expired', bookings });
        }
        return list.length;
      });
      total += expired;
      if (expired < batchSize) break;
    }
    if (total) this.logger.log(`Expired ${total} unanswered requests`);
    return total;
  }
}

import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { IdentityModule } from '../identity/identity.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { RoomsModule } from '../rooms/rooms.module';
import { createMailTransport, MAIL_TRANSPORT } from './mail-transport';
import { AccountMailsService } from './account-mails.service';
import { NotificationsService } from './notifications.service';
import { OutboxMetrics } from './outbox-metrics';
import { OutboxWorker } from './outbox-worker.service';
import { OutboxController } from './outbox.controller';
import { OutboxService } from './outbox.service';

/**
 * E-mail: the outbox written in the transaction of each booking change, the worker that
 * delivers it, and the admin's view of undelivered mail. Bookings call
 * `NotificationsService`; this module knows nothing of bookings but the plain facts it is
 * given (see README.md).
 */
@Module({
  imports: [RoomsModule, OrganizationsModule, IdentityModule, AuditModule],
  controllers: [OutboxController],
  providers: [
    OutboxService,
    NotificationsService,
    AccountMailsService,
    OutboxWorker,
    OutboxMetrics,
    {
      provide: MAIL_TRANSPORT,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => createMailTransport(config),
    },
  ],
  exports: [NotificationsService, OutboxService, AccountMailsService],
})
export class NotificationsModule {}

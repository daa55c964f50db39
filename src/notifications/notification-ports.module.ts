import { Global, Module } from '@nestjs/common';
import { VERIFICATION_REQUESTS } from '../organizations/organizations.contract';
import { AccountMailsService } from './account-mails.service';
import { NotificationsModule } from './notifications.module';

/**
 * What notifications provide to modules that must not import notifications (it imports
 * them): the admins' mail when an organisation waits for verification. Global, so that
 * organizations finds the token it declares without importing this module.
 */
@Global()
@Module({
  imports: [NotificationsModule],
  providers: [{ provide: VERIFICATION_REQUESTS, useExisting: AccountMailsService }],
  exports: [VERIFICATION_REQUESTS],
})
export class NotificationPortsModule {}

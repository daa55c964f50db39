import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { BookingsModule } from '../bookings/bookings.module';
import { CalendarModule } from '../calendar/calendar.module';
import { IdentityModule } from '../identity/identity.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { AccountAuthController } from './account-auth.controller';
import { AccountCredentialsService } from './account-credentials.service';
import { AccountDeletionService } from './account-deletion.service';
import { AccountExportService } from './account-export.service';
import { MyAccountController } from './my-account.controller';
import { RegistrationService } from './registration.service';

/**
 * A person's account across modules: sign-up with a confirmed address, password change
 * and reset by mail, export and deletion of their data. Identity keeps the accounts; this
 * module adds what needs mail (notifications) or touches other modules' records, which
 * identity, below them all, cannot reach (see README, "Accounts and personal data").
 */
@Module({
  imports: [
    IdentityModule,
    OrganizationsModule,
    NotificationsModule,
    BookingsModule,
    CalendarModule,
    AuditModule,
  ],
  controllers: [AccountAuthController, MyAccountController],
  providers: [
    RegistrationService,
    AccountCredentialsService,
    AccountDeletionService,
    AccountExportService,
  ],
  // The web pages sign people up, confirm addresses, export and delete as the API does.
  exports: [
    RegistrationService,
    AccountCredentialsService,
    AccountDeletionService,
    AccountExportService,
  ],
})
export class AccountsModule {}

import { DynamicModule, Logger, Module } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig, ConfigError } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { I18nModule } from './common/i18n/i18n.module';
import { MetricsModule } from './common/metrics/metrics.module';
import {
  connectWithRetry,
  DatabaseConnection,
  dataSourceOptions,
  runMigrations,
} from './database/data-source';
import { DatabaseModule } from './database/database';
import { AccountsModule } from './accounts/accounts.module';
import { AuditModule } from './audit/audit.module';
import { NotificationPortsModule } from './notifications/notification-ports.module';
import { AvailabilityModule } from './availability/availability.module';
import { BookingPortsModule } from './bookings/booking-ports.module';
import { BookingsModule } from './bookings/bookings.module';
import { CalendarModule } from './calendar/calendar.module';
import { ForumModule } from './forum/forum.module';
import { HealthModule } from './health/health.module';
import { IdentityModule } from './identity/identity.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { ReportingModule } from './reporting/reporting.module';
import { RoomsModule } from './rooms/rooms.module';
import { ForumWebModule } from './web/forum/forum-web.module';
import { SurveyModule } from './survey/survey.module';
import { ManageWebModule } from './web/manage.module';
import { MentoringWebModule } from './web/mentoring/mentoring-web.module';
import { OwnerWebModule } from './web/owner/owner.module';
import { ReportsWebModule } from './web/reports/reports-web.module';
import { StaffWebModule } from './web/staff/staff.module';
import { SurveyWebModule } from './web/survey/survey-web.module';
import { AnnualWebModule } from './web/annual/annual-web.module';
import { WebModule } from './web/web.module';
import { TopicsModule } from './topics/topics.module';
import { MentoringModule } from './mentoring/mentoring.module';
import { MentoringPortsModule } from './mentoring/mentoring-ports.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, connection: DatabaseConnection): DynamicModule {
    const logger = new Logger('Database');
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        I18nModule,
        TypeOrmModule.forRootAsync({
          // connectWithRetry bounds the waiting; Nest's own retry loop would add minutes to it.
          useFactory: () => ({ ...dataSourceOptions(connection), retryAttempts: 0 }),
          dataSourceFactory: async (options) => {
            const dataSource = await connectWithRetry(
              options!,
              config.database.connectTimeoutSeconds,
              (error) => logger.warn(`Database not reachable yet, retrying: ${error.message}`),
            ).catch((error: Error) => {
              throw new ConfigError(
                config.database.kind === 'server' ? 'DATABASE_URL' : 'DATA_DIR',
                `could not be reached: ${error.message}`,
              );
            });
            const applied = await runMigrations(dataSource);
            if (applied.length) logger.log(`Applied migrations: ${applied.join(', ')}`);
            return dataSource;
          },
        }),
        DatabaseModule,
        HealthModule,
        MetricsModule,
        IdentityModule,
        OrganizationsModule,
        RoomsModule,
        AuditModule,
        BookingsModule,
        BookingPortsModule,
        AvailabilityModule,
        CalendarModule,
        NotificationPortsModule,
        AccountsModule,
        TopicsModule,
        ForumModule,
        MentoringModule,
        MentoringPortsModule,
        SurveyModule,
        ReportingModule,
        WebModule,
        ManageWebModule,
        ForumWebModule,
        OwnerWebModule,
        StaffWebModule,
        SurveyWebModule,
        ReportsWebModule,
        AnnualWebModule,
        MentoringWebModule,
        // The API lives under /api, the web pages under / (src/web), health checks at /health.
        RouterModule.register([
          {
            path: 'api',
            children: [
              IdentityModule,
              OrganizationsModule,
              RoomsModule,
              BookingsModule,
              AvailabilityModule,
              CalendarModule,
              NotificationsModule,
              ReportingModule,
              TopicsModule,
              ForumModule,
              MentoringModule,
              SurveyModule,
              AccountsModule,
              AuditModule,
            ],
          },
        ]),
      ],
    };
  }
}

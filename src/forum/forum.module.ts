import { Module } from '@nestjs/common';
import { BookingsModule } from '../bookings/bookings.module';
import { CalendarModule } from '../calendar/calendar.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { RoomsModule } from '../rooms/rooms.module';
import { TopicsModule } from '../topics/topics.module';
import { ForumAttendanceService } from './forum-attendance.service';
import { ForumFeedService } from './forum-feed.service';
import { ForumJobsService } from './forum-jobs.service';
import { ForumNoticesService } from './forum-notices.service';
import { ForumQueueService } from './forum-queue.service';
import {
  ForumRegistrationsController,
  ForumStaffRegistrationsController,
} from './forum-registrations.controller';
import { ForumRegistrationsService } from './forum-registrations.service';
import { ForumSeriesController } from './forum-series.controller';
import { ForumSeriesService } from './forum-series.service';
import { ForumSessionsController } from './forum-sessions.controller';
import { ForumSessionsService } from './forum-sessions.service';

/**
 * The agency's forum, trainings and public events: sessions booked in the catalogue's rooms
 * through the bookings module, registrations with a fair waitlist, and the registrants' mails.
 */
@Module({
  imports: [
    BookingsModule,
    CalendarModule,
    NotificationsModule,
    OrganizationsModule,
    RoomsModule,
    TopicsModule,
  ],
  controllers: [
    ForumSessionsController,
    ForumSeriesController,
    ForumRegistrationsController,
    ForumStaffRegistrationsController,
  ],
  providers: [
    ForumSessionsService,
    ForumRegistrationsService,
    ForumSeriesService,
    ForumQueueService,
    ForumNoticesService,
    ForumAttendanceService,
    ForumJobsService,
    ForumFeedService,
  ],
  exports: [
    ForumAttendanceService,
    ForumSessionsService,
    ForumRegistrationsService,
    ForumSeriesService,
  ],
})
export class ForumModule {}

import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { BookingsModule } from '../bookings/bookings.module';
import { CalendarModule } from '../calendar/calendar.module';
import { ForumModule } from '../forum/forum.module';
import { IdentityModule } from '../identity/identity.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { RoomsModule } from '../rooms/rooms.module';
import { TopicsModule } from '../topics/topics.module';
import { AssignmentsController } from './assignments.controller';
import { AssignmentsService } from './assignments.service';
import { MeetingsService } from './meetings.service';
import { MentorCertificateService } from './mentor-certificate.service';
import { MentorFeedService } from './mentor-feed.service';
import { MentorMatchingService } from './mentor-matching.service';
import { MentorPersonalDataService } from './mentor-personal-data.service';
import { MentorTrainingService } from './mentor-training.service';
import { MentoringAccessService } from './mentoring-access.service';
import { MentoringMailsService } from './mentoring-mails.service';
import { MentoringRequestsController } from './mentoring-requests.controller';
import { MentoringRequestsService } from './mentoring-requests.service';
import { MentorsController } from './mentors.controller';
import { MentorsService } from './mentors.service';
import { TrainingModulesController } from './training-modules.controller';

/**
 * The citizen mentors' programme: profiles, training (forum attendance counts), certification,
 * organisations' requests, ranked suggestions, assignments and their meetings.
 */
@Module({
  imports: [
    AuditModule,
    BookingsModule,
    CalendarModule,
    ForumModule,
    IdentityModule,
    NotificationsModule,
    OrganizationsModule,
    RoomsModule,
    TopicsModule,
  ],
  controllers: [
    MentorsController,
    TrainingModulesController,
    MentoringRequestsController,
    AssignmentsController,
  ],
  providers: [
    MentoringAccessService,
    MentorsService,
    MentorTrainingService,
    MentorCertificateService,
    MentoringRequestsService,
    MentorMatchingService,
    AssignmentsService,
    MeetingsService,
    MentoringMailsService,
    MentorFeedService,
    MentorPersonalDataService,
  ],
  // The services the web pages use, besides the calendar's feed.
  exports: [
    MentorsService,
    MentorFeedService,
    MentorCertificateService,
    MentoringRequestsService,
    MentorMatchingService,
    AssignmentsService,
    MeetingsService,
    MentorPersonalDataService,
  ],
})
export class MentoringModule {}

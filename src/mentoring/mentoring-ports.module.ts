import { Global, Module } from '@nestjs/common';
import { MENTORING_PERSONAL_DATA } from '../accounts/accounts.contract';
import { MENTOR_FEED_SOURCE } from '../calendar/calendar.contract';
import { MentorFeedService } from './mentor-feed.service';
import { MentorPersonalDataService } from './mentor-personal-data.service';
import { MentoringModule } from './mentoring.module';

/**
 * What mentoring provides to modules that must not import it: the mentor feeds' meetings
 * (calendar), a mentor's data for their account's export and deletion (accounts). Global,
 * so that calendar and accounts find the tokens they declare without importing this.
 */
@Global()
@Module({
  imports: [MentoringModule],
  providers: [
    { provide: MENTOR_FEED_SOURCE, useExisting: MentorFeedService },
    { provide: MENTORING_PERSONAL_DATA, useExisting: MentorPersonalDataService },
  ],
  exports: [MENTOR_FEED_SOURCE, MENTORING_PERSONAL_DATA],
})
export class MentoringPortsModule {}

import { Global, Module } from '@nestjs/common';
import { MENTOR_FEED_SOURCE } from '../calendar/calendar.contract';
import { MentorFeedService } from './mentor-feed.service';
import { MentoringModule } from './mentoring.module';

/**
 * What mentoring provides to modules that must not import it: the mentor feeds' meetings
 * (calendar). Global, so that calendar finds the token it declares without importing this.
 */
@Global()
@Module({
  imports: [MentoringModule],
  providers: [{ provide: MENTOR_FEED_SOURCE, useExisting: MentorFeedService }],
  exports: [MENTOR_FEED_SOURCE],
})
export class MentoringPortsModule {}

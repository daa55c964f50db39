import { Global, Module } from '@nestjs/common';
import { MENTORING_PERSONAL_DATA } from '../accounts/accounts.contract';
import { MentorPersonalDataService } from './mentor-personal-data.service';
import { MentoringModule } from './mentoring.module';

/**
 * What mentoring provides to a module that must not import it: a mentor's data for their
 * account's export and deletion (accounts). Global, so that accounts finds the token it
 * declares without importing this. (The mentor feeds' events reach calendar through its
 * EventFeedSources registry instead.)
 */
@Global()
@Module({
  imports: [MentoringModule],
  providers: [{ provide: MENTORING_PERSONAL_DATA, useExisting: MentorPersonalDataService }],
  exports: [MENTORING_PERSONAL_DATA],
})
export class MentoringPortsModule {}

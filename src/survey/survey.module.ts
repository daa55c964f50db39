import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { TopicsModule } from '../topics/topics.module';
import { SurveyJobsService } from './survey-jobs.service';
import { SurveysController } from './surveys.controller';
import { SurveysService } from './surveys.service';

/**
 * The needs survey: what the organisations need (rooms, training, public relations, funding,
 * mentoring…), asked in rounds; its results are a report (reporting reads the survey's views).
 */
@Module({
  imports: [AuditModule, NotificationsModule, OrganizationsModule, TopicsModule],
  controllers: [SurveysController],
  providers: [SurveysService, SurveyJobsService],
  exports: [SurveysService],
})
export class SurveyModule {}

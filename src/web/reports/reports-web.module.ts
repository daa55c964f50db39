import { Module, Type } from '@nestjs/common';
import { ReportingModule } from '../../reporting/reporting.module';
import { RoomsModule } from '../../rooms/rooms.module';
import { SurveyModule } from '../../survey/survey.module';
import { TopicsModule } from '../../topics/topics.module';
import { WebModule } from '../web.module';
import { ReportsPage } from './reports.page';

export const REPORTS_PAGE_CONTROLLERS: Type[] = [ReportsPage];

/**
 * The staff's reports page on the reporting service: tables, CSV downloads and the in-kind
 * thank-you letters, all reporting's services.
 */
@Module({
  imports: [WebModule, ReportingModule, RoomsModule, SurveyModule, TopicsModule],
  controllers: REPORTS_PAGE_CONTROLLERS,
})
export class ReportsWebModule {}

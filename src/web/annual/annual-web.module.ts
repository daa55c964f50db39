import { Module, Type } from '@nestjs/common';
import { ReportingModule } from '../../reporting/reporting.module';
import { WebModule } from '../web.module';
import { AnnualReportPage } from './annual-report.page';

export const ANNUAL_PAGE_CONTROLLERS: Type[] = [AnnualReportPage];

/** The annual report's printable page for staff, on the reporting module's services. */
@Module({
  imports: [WebModule, ReportingModule],
  controllers: ANNUAL_PAGE_CONTROLLERS,
})
export class AnnualWebModule {}

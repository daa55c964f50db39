import { Module } from '@nestjs/common';
import { RoomsModule } from '../rooms/rooms.module';
import { SurveyModule } from '../survey/survey.module';
import { AnnualReportService } from './annual-report.service';
import { AnnualReportsController } from './annual-reports.controller';
import { SvgChartsService } from './charts/svg-charts.service';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';
import { ThankYouLetterService } from './thank-you-letter.service';

/**
 * Reports for agency staff. Read-only: figures are summed in SQL over the read models
 * (views) that rooms, bookings and organisations publish in their contracts.
 */
@Module({
  imports: [RoomsModule, SurveyModule],
  controllers: [AnnualReportsController, ReportsController],
  providers: [ReportsService, ThankYouLetterService, SvgChartsService, AnnualReportService],
  exports: [ReportsService, SvgChartsService, AnnualReportService, ThankYouLetterService],
})
export class ReportingModule {}

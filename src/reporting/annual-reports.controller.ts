import { Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, AdminOnly, CurrentActor } from '../common/auth/actor';
import Negotiator from 'negotiator';
import { ApiProblems } from '../common/openapi/api-problems';
import { AnnualReportService } from './annual-report.service';
import {
  ANNUAL_LANGUAGES,
  AnnualLanguage,
  AnnualReportQueryDto,
  AnnualReportResponseDto,
  AnnualYearDto,
} from './dto/annual-report.dto';

/** The annual report for agency staff, and freezing it. */
@ApiTags('reporting')
@Controller('reports/annual')
@AdminOnly()
export class AnnualReportsController {
  constructor(private readonly annual: AnnualReportService) {}

  @Get()
  @ApiOperation({
    operationId: 'getAnnualReport',
    summary: 'The annual report: a summary, a chart (SVG) and a table per section (admins)',
    description:
      'Utilisation by month, bookings, reach and in-kind lending by organisation kind and ' +
      'venue, the forum and mentoring by topic, each over the calendar year, with the same ' +
      'definitions and suppression as the single reports. German or English (`lang`, else ' +
      'Accept-Language). A frozen year is served exactly as it was stored.',
  })
  @ApiOkResponse({ type: AnnualReportResponseDto })
  @ApiProblems({}, 400, 401, 403)
  get(
    @Query() query: AnnualReportQueryDto,
    @Headers('accept-language') acceptLanguage?: string,
  ): Promise<AnnualReportResponseDto> {
    return this.annual.get(query.year, query.lang ?? this.languageOf(acceptLanguage));
  }

  @Post(':year/freeze')
  @HttpCode(201)
  @ApiOperation({
    operationId: 'freezeAnnualReport',
    summary: 'Stores the year’s report as it is now, in German and English (admins)',
    description:
      'From then on the year’s report is served as stored, even after personal data were ' +
      'erased. Once per year, and only once the year is over: freezing again, or freezing ' +
      'the current or a later year, is refused (409) and changes nothing. Answers ' +
      'with the stored report in the language asked for.',
  })
  @ApiCreatedResponse({ type: AnnualReportResponseDto })
  @ApiProblems({}, 400, 401, 403, 409)
  freeze(
    @CurrentActor() actor: Actor,
    @Param() params: AnnualYearDto,
    @Headers('accept-language') acceptLanguage?: string,
  ): Promise<AnnualReportResponseDto> {
    return this.annual.freeze(actor, params.year, this.languageOf(acceptLanguage));
  }

  /** German or English, whichever the client prefers; German when it names neither. */
  private languageOf(acceptLanguage: string | undefined): AnnualLanguage {
    const negotiator = new Negotiator({ headers: { 'accept-language': acceptLanguage ?? 'de' } });
    return negotiator.language([...ANNUAL_LANGUAGES]) === 'en' ? 'en' : 'de';
  }
}

import { Controller, Get, Query, Res, SetMetadata } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, ADMIN_ONLY, AdminOnly, CurrentActor } from '../common/auth/actor';
import { ApiProblems } from '../common/openapi/api-problems';
import {
  ForumQueryDto,
  InKindQueryDto,
  MentoringQueryDto,
  NeedsQueryDto,
  ReachQueryDto,
  ReportFormatDto,
  ReportQueryDto,
  ThankYouLetterQueryDto,
  UtilizationQueryDto,
} from './dto/report-query.dto';
import { ReportResponseDto } from './dto/report.response.dto';
import { Report, ReportsService } from './reports.service';
import { ThankYouLetterService } from './thank-you-letter.service';

const REPORT_OK = {
  description:
    'The report as JSON, or with `format=csv` as CSV (UTF-8 with BOM, RFC 4180; the totals ' +
    'are the last line)',
  content: {
    'application/json': { schema: { $ref: '#/components/schemas/ReportResponseDto' } },
    'text/csv': { schema: { type: 'string' as const } },
  },
};

const DEFINITION =
  'A booking counts when it is approved (not cancelled, declined or expired). Its time is ' +
  "cut to the range and split at each midnight in the room's time zone. ";

/** Reports for agency staff: each for a range of days, as JSON or CSV. */
@ApiTags('reporting')
@ApiExtraModels(ReportResponseDto)
@Controller('reports')
@AdminOnly()
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly letters: ThankYouLetterService,
  ) {}

  @Get('utilization')
  @ApiOperation({
    operationId: 'getUtilizationReport',
    summary: 'Booked against open hours per room, venue, district or month (admins)',
    description:
      DEFINITION +
      'Open hours are the opening hours valid on each date minus closures, from the day a ' +
      'room was listed; booked hours are booked time within them; utilization = booked ÷ ' +
      'open, 0 to 1 (null without open hours).',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse(REPORT_OK)
  @ApiProblems({}, 400, 401, 403)
  async utilization(
    @Query() query: UtilizationQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReportResponseDto | string> {
    return this.send(query, reply, await this.reports.utilization(query, query.groupBy));
  }

  @Get('bookings')
  @ApiOperation({
    operationId: 'getBookingsReport',
    summary: 'Requests and what became of them, by organisation kind (admins)',
    description:
      "Requests made in the range (their day in the room's time zone): approvals (also " +
      'those cancelled later), declines, cancellations, expiries, still pending, and the ' +
      'median hours until a person answered (automatic approvals left out).',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse(REPORT_OK)
  @ApiProblems({}, 400, 401, 403)
  async bookings(
    @Query() query: ReportQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReportResponseDto | string> {
    return this.send(query, reply, await this.reports.bookings(query));
  }

  @Get('reach')
  @ApiOperation({
    operationId: 'getReachReport',
    summary: 'Organisations served and their booked hours, by kind, language, field, district',
    description:
      DEFINITION +
      'An organisation is served when it has booked time in the range; new when none of its ' +
      'counted bookings starts before the range. The totals give the share of migrant ' +
      'self-organisations among those served.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse(REPORT_OK)
  @ApiProblems({}, 400, 401, 403)
  async reach(
    @Query() query: ReachQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReportResponseDto | string> {
    return this.send(query, reply, await this.reports.reach(query, query.groupBy));
  }

  @Get('in-kind')
  @ApiOperation({
    operationId: 'getInKindReport',
    summary: 'Room-hours lent free of charge and their value, per venue or organisation',
    description:
      DEFINITION +
      'Rooms priced free or for a donation; each hour valued at the venue’s stated hourly ' +
      'rate, else the agency default (IN_KIND_HOURLY_RATE_CENTS).',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse(REPORT_OK)
  @ApiProblems({}, 400, 401, 403)
  async inKind(
    @Query() query: InKindQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReportResponseDto | string> {
    return this.send(query, reply, await this.reports.inKind(query, query.groupBy));
  }

  @Get('forum')
  @ApiOperation({
    operationId: 'getForumReport',
    summary: 'Forum sessions, places, waitlist, attendance and no-shows by topic or language',
    description:
      "Sessions starting in the range (their day in the room's time zone), published or " +
      'cancelled; places offered and taken, places still waiting, and of the confirmed places ' +
      'those that came and those that did not, as recorded. A session in several languages ' +
      'counts in each; the totals count it once.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse(REPORT_OK)
  @ApiProblems({}, 400, 401, 403)
  async forum(
    @Query() query: ForumQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReportResponseDto | string> {
    return this.send(query, reply, await this.reports.forum(query, query.groupBy));
  }

  @Get('mentoring')
  @ApiOperation({
    operationId: 'getMentoringReport',
    summary: 'Mentoring requests, time to match, active pairs and meeting hours (admins)',
    description:
      "By the request's topic or language (a request in several languages counts in each; " +
      "the totals count it once), days in the agency's zone (Europe/Berlin). Requests asked " +
      'in the range; those matched by its end and the median days from asking to the first ' +
      'acceptance; pairs active at some time in the range; their meetings starting in the ' +
      'range and the meetings’ hours. Pairs and meetings are suppressed by the fewer of ' +
      'their organisations and mentors.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse(REPORT_OK)
  @ApiProblems({}, 400, 401, 403)
  async mentoring(
    @Query() query: MentoringQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReportResponseDto | string> {
    return this.send(query, reply, await this.reports.mentoring(query, query.groupBy));
  }

  @Get('needs')
  // Also for members of verified organisations: the results of a closed round, no free texts.
  @SetMetadata(ADMIN_ONLY, false)
  @ApiOperation({
    operationId: 'getNeedsReport',
    summary: 'The results of a round of the needs survey (staff; organisations once closed)',
    description:
      'Per question a row with the organisations that answered it (and the mean rating), ' +
      'then one per answer (rating 1–5, option) with the organisations that gave it, then, ' +
      'for staff only, the free texts (without their organisations; none for a question ' +
      'fewer than three answered). Members of a verified organisation read the results of ' +
      'a closed round. `from` and `to` are the days the round opened and closed.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse(REPORT_OK)
  @ApiProblems({}, 400, 401, 403, 404)
  async needs(
    @CurrentActor() actor: Actor,
    @Query() query: NeedsQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReportResponseDto | string> {
    const lang = query.lang ?? 'de';
    return this.send(query, reply, await this.reports.needs(actor, query.round, lang));
  }

  @Get('in-kind/letter')
  @ApiOperation({
    operationId: 'getInKindThankYouLetter',
    summary: 'A printable thank-you letter to a venue with its in-kind figures (HTML)',
  })
  @ApiProduces('text/html')
  @ApiOkResponse({ content: { 'text/html': { schema: { type: 'string' } } } })
  @ApiProblems({}, 400, 401, 403, 404)
  async letter(
    @Query() query: ThankYouLetterQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const html = await this.letters.render(query.venueId, query, query.lang ?? 'de');
    void reply.type('text/html; charset=utf-8');
    return html;
  }

  private send(
    query: ReportFormatDto,
    reply: FastifyReply,
    report: Report,
  ): ReportResponseDto | string {
    if (query.format !== 'csv') return report;
    void reply
      .type('text/csv; charset=utf-8')
      .header(
        'content-disposition',
        `attachment; filename="${report.report}-${report.from}-${report.to}.csv"`,
      );
    return this.reports.toCsv(report, query.delimiter);
  }
}

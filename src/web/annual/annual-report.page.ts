import { Get, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CommonErrors } from '../../common/errors/domain-error';
import { AnnualReportService } from '../../reporting/annual-report.service';
import { LoginRequired, PageController } from '../shell/page.decorator';
import { PagesService } from '../shell/pages.service';
import { staffOf } from '../staff/staff.page';

const FIRST_YEAR = 2000;
const LAST_YEAR = 2100;

/**
 * Staff only; the year in the address, or 404 (a page for every number would be unbounded
 * work); the report's language: German, or English for every other language of the pages.
 */
function staffYear(request: FastifyRequest, text: string) {
  const web = staffOf(request);
  const year = /^\d{4}$/.test(text) ? Number(text) : NaN;
  if (!(year >= FIRST_YEAR && year <= LAST_YEAR)) throw CommonErrors.NOT_FOUND();
  return { web, year, lang: web.locale === 'de' ? ('de' as const) : ('en' as const) };
}

/**
 * The annual report as a printable page for agency staff (A4, see _annual.scss): the report
 * in German, or in English for every other language of the pages; staff freeze it here.
 */
@PageController('reports/annual')
@LoginRequired()
export class AnnualReportPage {
  constructor(
    private readonly pages: PagesService,
    private readonly annual: AnnualReportService,
  ) {}

  @Get(':year')
  async show(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('year') yearText: string,
  ): Promise<void> {
    const { web, year, lang } = staffYear(request, yearText);
    const report = await this.annual.get(year, lang);
    return this.pages.render(request, reply, web, 'annual/report', {
      titleText: report.title,
      report,
      frozenAt: report.frozenAt ? new Date(report.frozenAt) : null,
      generatedAt: new Date(report.generatedAt),
      previous: year > FIRST_YEAR ? year - 1 : null,
      next: year < LAST_YEAR ? year + 1 : null,
      frozenNow: (request.query as Record<string, string>).frozen === '1',
      // Only a year that is over, and only once.
      freezable: !report.frozenAt && this.annual.isFinished(year),
    });
  }

  /** A button without a form: a refusal (frozen already, the year not over) is the error page. */
  @Post(':year/freeze')
  async freeze(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('year') yearText: string,
  ): Promise<void> {
    const { web, year, lang } = staffYear(request, yearText);
    await this.annual.freeze(web.user, year, lang);
    return this.pages.redirect(reply, `/reports/annual/${year}?frozen=1`);
  }
}

import { Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { Actor } from '../../common/auth/actor';
import { MessageCatalogue } from '../../common/i18n/message-catalogue';
import { ReportsService, SvgChartsService } from '../../reporting/reports.service';
import { ThankYouLetterService } from '../../reporting/thank-you-letter.service';
import { SurveysService } from '../../survey/surveys.service';
import { TopicsService } from '../../topics/topics.service';
import { refusalOnForm } from '../manage/form-errors';
import { FormState, FormValues, queryFields, readForm } from '../shell/form';
import { LoginRequired, PageController } from '../shell/page.decorator';
import { directionOf } from '../shell/format';
import { PagesService } from '../shell/pages.service';
import { staffOf } from '../staff/staff.page';
import { wordingOf } from '../survey/survey.form';
import { needsQuestions, Report, reportChart, reportTable } from './report-table';
import { GROUPS, LetterForm, presets, REPORT_NAMES, ReportForm } from './reports.form';

/** The rounds of the needs survey offered for its report: the newest. */
const ROUNDS = 100;

type Choice = { form: ReportForm; state: FormState };
type Reading = {
  web: ReturnType<typeof staffOf>;
  form: ReportForm | null;
  report: Report | null;
  state: FormState;
};

/**
 * The agency's reports in the browser (staff only): a report, a range of days and a
 * grouping chosen in a GET form; the table as the API's JSON gives it (small groups shown as
 * "< 3"); the same report as a CSV download (the API's CSV, by the page's session) and, for
 * the in-kind report, each venue's thank-you letter.
 */
@PageController('reports')
@LoginRequired()
export class ReportsPage {
  constructor(
    private readonly pages: PagesService,
    private readonly reports: ReportsService,
    private readonly letters: ThankYouLetterService,
    private readonly surveys: SurveysService,
    private readonly catalogue: MessageCatalogue,
    private readonly charts: SvgChartsService,
    private readonly topics: TopicsService,
  ) {}

  @Get()
  async show(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query() query: Record<string, unknown>,
  ): Promise<void> {
    return this.render(request, reply, await this.read(request, query));
  }

  /** The report as CSV, as `GET /api/reports/…?format=csv` sends it; or the form's problems. */
  @Get('csv')
  async csv(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query() query: Record<string, unknown>,
  ): Promise<void> {
    const read = await this.read(request, query);
    const report = read.report;
    if (!report || read.state.errors.length) return this.render(request, reply, read);
    await reply
      .status(200)
      .header('content-type', 'text/csv; charset=utf-8')
      .header('cache-control', 'no-store')
      .header(
        'content-disposition',
        `attachment; filename="${report.report}-${report.from}-${report.to}.csv"`,
      )
      .send(this.reports.toCsv(report, read.form?.delimiter));
  }

  /** The printable thank-you letter to a venue, as the API's letter. */
  @Get('in-kind/letter')
  async letter(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query() query: Record<string, unknown>,
  ): Promise<void> {
    staffOf(request);
    const read = readForm(LetterForm, queryFields(query));
    if (!read.ok) return this.show(request, reply, { report: 'in-kind', ...query });
    const { venueId, from, to, lang } = read.form;
    const html = await this.letters.render(venueId, { from, to }, lang ?? 'de');
    // The letter carries its own print styles: allowed by their hash, nothing else inline.
    const hashes = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(
      ([, css]) => `'sha256-${createHash('sha256').update(css).digest('base64')}'`,
    );
    const csp = reply.getHeader('content-security-policy');
    if (typeof csp === 'string' && hashes.length) {
      void reply.header(
        'content-security-policy',
        csp.replace("style-src 'self'", `style-src 'self' ${hashes.join(' ')}`),
      );
    }
    await reply
      .status(200)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(html);
  }

  // ---- inside ------------------------------------------------------------------------

  /** The staff's choice read, and its report run (or the form's problems). */
  private async read(request: FastifyRequest, query: Record<string, unknown>): Promise<Reading> {
    const web = staffOf(request);
    const choice = this.choose(query);
    let report: Report | null = null;
    let state = choice.state;
    if (choice.form) {
      try {
        report = await this.run(web.user, web.locale, choice.form);
      } catch (error) {
        state = refusalOnForm(error, state, { SURVEY_NOT_FOUND: 'round' });
      }
    }
    return { web, form: choice.form, report, state };
  }

  private async render(request: FastifyRequest, reply: FastifyReply, read: Reading) {
    const { web, report, state } = read;
    const rounds = (await this.surveys.list({ limit: ROUNDS, offset: 0 })).items.map((r) => ({
      value: r.id,
      label: wordingOf(r.title, web.locale),
    }));
    const values = state.values;
    // The CSV of what the table shows: the form's own fields, nothing else of the query.
    const chosen = ['report', 'from', 'to', 'groupBy', 'round'].flatMap(
      (name): [string, string][] => {
        const value = values[name];
        return typeof value === 'string' ? [[name, value]] : [];
      },
    );
    const download = (delimiter: string) =>
      `/reports/csv?${new URLSearchParams([...chosen, ['delimiter', delimiter]]).toString()}`;
    const letterLang = web.locale === 'en' ? 'en' : 'de';
    const text = (key: string, params?: Record<string, string | number>) =>
      this.catalogue.t(web.locale, key, params);
    const table =
      report && report.report !== 'needs'
        ? reportTable(report, this.catalogue, web.locale, (key) =>
            this.topics.label(web.locale, key),
          )
        : null;
    return this.pages.render(request, reply, web, 'reports/show', {
      title: 'web.reports.title',
      form: state,
      reportNames: REPORT_NAMES,
      groups: GROUPS[values.report as keyof typeof GROUPS] ?? [],
      rounds,
      presets: presets(),
      lastYear: Number(presets().lastYear.from.slice(0, 4)),
      chosen: values.report,
      report,
      table,
      chart:
        report && table
          ? reportChart(report, table, this.charts, text, web.locale, directionOf(web.locale))
          : null,
      needs: report?.report === 'needs' ? needsQuestions(report, web.locale) : null,
      roundTitle: rounds.find((r) => r.value === read.form?.round)?.label ?? null,
      downloads: report ? { comma: download('comma'), semicolon: download('semicolon') } : null,
      letter:
        report?.report === 'in-kind' && report.groupBy === 'venue'
          ? (venueId: string) =>
              `/reports/in-kind/letter?${new URLSearchParams({
                venueId,
                from: report.from,
                to: report.to,
                lang: letterLang,
              }).toString()}`
          : null,
    });
  }

  /** The form's choice with the defaults filled in (utilisation, last full month). */
  private choose(query: Record<string, unknown>): Choice | { form: null; state: FormState } {
    const defaults = presets().lastMonth;
    const values: FormValues = { report: 'utilization', ...defaults, ...queryFields(query) };
    // A grouping of another report (the report was changed in the form): its default.
    const groups = GROUPS[values.report as keyof typeof GROUPS] ?? [];
    if (typeof values.groupBy === 'string' && !groups.includes(values.groupBy)) {
      delete values.groupBy;
    }
    const read = readForm(ReportForm, values);
    return read.ok ? { form: read.form, state: read.state } : { form: null, state: read.state };
  }

  private async run(user: Actor, locale: string, form: ReportForm): Promise<Report | null> {
    const range = { from: form.from, to: form.to };
    const group = <T>() => form.groupBy as T | undefined;
    switch (form.report) {
      case 'utilization':
        return this.reports.utilization(range, group());
      case 'bookings':
        return this.reports.bookings(range);
      case 'reach':
        return this.reports.reach(range, group());
      case 'forum':
        return this.reports.forum(range, group());
      case 'mentoring':
        return this.reports.mentoring(range, group());
      case 'in-kind':
        return this.reports.inKind(range, group());
      case 'needs': {
        // Without a choice, the newest round.
        form.round ??= (await this.surveys.list({ limit: 1, offset: 0 })).items[0]?.id;
        return form.round ? this.reports.needs(user, form.round, locale) : null;
      }
    }
  }
}

import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { Actor } from '../common/auth/actor';
import { MessageCatalogue, MessageParams } from '../common/i18n/message-catalogue';
import { Database } from '../database/database';
import { barChartSvg, lineChartSvg } from './charts/svg-charts.service';
import {
  ANNUAL_LANGUAGES,
  AnnualLanguage,
  AnnualReportResponseDto,
  AnnualSectionDto,
} from './dto/annual-report.dto';
import { ReportingErrors } from './reporting.errors';
import { Report, ReportRange, ReportsService } from './reports.service';
import { Figure, SUPPRESSED } from './suppression';

export type AnnualReport = AnnualReportResponseDto;

/** The agency's zone: the reports count its days, and its years end at its midnight. */
const AGENCY_ZONE = 'Europe/Berlin';
type Section = AnnualSectionDto;

/** A column of a section's table: its heading's key and how a row's figure is written. */
interface Column {
  label: string;
  figure: string;
  as?: 'number' | 'share' | 'money';
}

/** A section of the annual report: which report, how its rows are named, what is shown. */
interface SectionSpec {
  key: string;
  read: (reports: ReportsService, range: ReportRange) => Promise<Report>;
  label: 'month' | 'kind' | 'venue' | 'topic';
  columns: Column[];
  chart: { kind: 'bar' | 'line'; figure: string; as?: Column['as']; maxValue?: number };
  /** The summary's placeholders: a total and how it is written. */
  summary: Record<string, [string, Column['as']?]>;
}

const counts = (...figures: string[]): Column[] =>
  figures.map((figure) => ({ label: figure, figure }));

const SECTIONS: SectionSpec[] = [
  {
    key: 'utilization',
    read: (reports, range) => reports.utilization(range, 'month'),
    label: 'month',
    columns: [
      ...counts('openHours', 'bookedHours'),
      { label: 'utilization', figure: 'utilization', as: 'share' },
    ],
    chart: { kind: 'line', figure: 'utilization', as: 'share', maxValue: 1 },
    summary: { open: ['openHours'], booked: ['bookedHours'], share: ['utilization', 'share'] },
  },
  {
    key: 'bookings',
    read: (reports, range) => reports.bookings(range),
    label: 'kind',
    columns: counts(
      'requests',
      'approvals',
      'declines',
      'cancellations',
      'expiries',
      'medianAnswerHours',
    ),
    chart: { kind: 'bar', figure: 'requests' },
    summary: { requests: ['requests'], approvals: ['approvals'], median: ['medianAnswerHours'] },
  },
  {
    key: 'reach',
    read: (reports, range) => reports.reach(range, 'kind'),
    label: 'kind',
    columns: counts('organizations', 'newOrganizations', 'bookingHours'),
    chart: { kind: 'bar', figure: 'organizations' },
    summary: {
      organizations: ['organizations'],
      new: ['newOrganizations'],
      share: ['migrantSelfOrganizationShare', 'share'],
    },
  },
  {
    key: 'inKind',
    read: (reports, range) => reports.inKind(range, 'venue'),
    label: 'venue',
    columns: [
      { label: 'freeHours', figure: 'freeHours' },
      { label: 'value', figure: 'valueCents', as: 'money' },
      { label: 'organizations', figure: 'organizations' },
    ],
    chart: { kind: 'bar', figure: 'freeHours' },
    summary: { hours: ['freeHours'], value: ['valueCents', 'money'] },
  },
  {
    key: 'forum',
    read: (reports, range) => reports.forum(range, 'topic'),
    label: 'topic',
    columns: counts('sessions', 'places', 'placesTaken', 'waitlisted', 'attended', 'noShows'),
    chart: { kind: 'bar', figure: 'sessions' },
    summary: { sessions: ['sessions'], places: ['places'], attended: ['attended'] },
  },
  {
    key: 'mentoring',
    read: (reports, range) => reports.mentoring(range, 'topic'),
    label: 'topic',
    columns: counts('requests', 'matched', 'medianDaysToMatch', 'activePairs', 'meetingHours'),
    chart: { kind: 'bar', figure: 'requests' },
    summary: {
      requests: ['requests'],
      matched: ['matched'],
      days: ['medianDaysToMatch'],
      pairs: ['activePairs'],
      hours: ['meetingHours'],
    },
  },
];

/** How one language writes figures. */
class Writer {
  private readonly number: Intl.NumberFormat;
  private readonly share: Intl.NumberFormat;
  private readonly money: Intl.NumberFormat;
  private readonly month: Intl.DateTimeFormat;
  private readonly shortMonth: Intl.DateTimeFormat;

  constructor(readonly lang: AnnualLanguage) {
    this.number = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
    this.share = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 });
    this.money = new Intl.NumberFormat(lang, { style: 'currency', currency: 'EUR' });
    this.month = new Intl.DateTimeFormat(lang, { month: 'long', timeZone: 'UTC' });
    this.shortMonth = new Intl.DateTimeFormat(lang, { month: 'short', timeZone: 'UTC' });
  }

  figure(value: unknown, as: Column['as'] = 'number'): string {
    if (value === SUPPRESSED) return SUPPRESSED;
    if (value === null || value === undefined || typeof value !== 'number') return '–';
    if (as === 'share') return this.share.format(value);
    if (as === 'money') return this.money.format(value / 100);
    return this.number.format(value);
  }

  /** A month ("2027-03") by name: in full for tables, short for a chart's axis. */
  monthName(month: string, short = false): string {
    return (short ? this.shortMonth : this.month).format(new Date(`${month}-01T00:00:00Z`));
  }
}

/**
 * The annual report: each report over a calendar year, as a section with a summary, a chart
 * (SVG, drawn here) and the table behind it, in German or English. Staff may freeze a year:
 * both languages are rendered once and stored, and served as stored from then on, whatever
 * was erased or changed since.
 */
@Injectable()
export class AnnualReportService {
  constructor(
    private readonly db: Database,
    private readonly reports: ReportsService,
    private readonly catalogue: MessageCatalogue,
  ) {}

  /** The year's report: the frozen one if there is one, else computed now. */
  async get(year: number, lang: AnnualLanguage): Promise<AnnualReport> {
    const [frozen] = await this.db.query<{ documents: Record<AnnualLanguage, AnnualReport> }[]>(
      `SELECT documents FROM annual_reports WHERE year = $1`,
      [year],
    );
    return frozen ? frozen.documents[lang] : this.build(year, lang, null);
  }

  /** Whether the year's report is frozen, and when. */
  async frozenAt(year: number): Promise<string | null> {
    const [row] = await this.db.query<{ frozen_at: Date }[]>(
      `SELECT frozen_at FROM annual_reports WHERE year = $1`,
      [year],
    );
    return row ? row.frozen_at.toISOString() : null;
  }

  /**
   * Freezes the year's report: renders it in each language and stores it. Once only: a
   * second freeze (also one racing this) is refused with 409 and stores nothing.
   */
  async freeze(actor: Actor, year: number, lang: AnnualLanguage): Promise<AnnualReport> {
    // A year still running (or to come) would be frozen with figures that keep changing.
    if (!this.isFinished(year)) throw ReportingErrors.ANNUAL_REPORT_YEAR_OPEN({ year });
    if (await this.frozenAt(year)) throw ReportingErrors.ANNUAL_REPORT_FROZEN({ year });
    const frozenAt = new Date();
    const documents = await this.render(year, ANNUAL_LANGUAGES, frozenAt.toISOString());
    const stored = await this.db.query<unknown[]>(
      `INSERT INTO annual_reports (year, documents, frozen_by, frozen_at)
       VALUES ($1, $2::json, $3, $4)
       ON CONFLICT (year) DO NOTHING RETURNING year`,
      [year, JSON.stringify(documents), actor.id, frozenAt],
    );
    if (!stored.length) throw ReportingErrors.ANNUAL_REPORT_FROZEN({ year });
    return documents[lang];
  }

  /** Whether the year is over in the agency's zone, the zone of the reports' days. */
  isFinished(year: number): boolean {
    return DateTime.now().setZone(AGENCY_ZONE).year > year;
  }

  /** Computes the year's report from the reports as they are now. */
  async build(year: number, lang: AnnualLanguage, frozenAt: string | null): Promise<AnnualReport> {
    return (await this.render(year, [lang], frozenAt))[lang];
  }

  /** Reads each report once and writes the report in each of the languages. */
  private async render(
    year: number,
    langs: readonly AnnualLanguage[],
    frozenAt: string | null,
  ): Promise<Record<AnnualLanguage, AnnualReport>> {
    const range: ReportRange = { from: `${year}-01-01`, to: `${year}-12-31` };
    const reports: Report[] = [];
    // One after the other: each report is one query, and the pool is shared.
    for (const spec of SECTIONS) reports.push(await spec.read(this.reports, range));
    const generatedAt = frozenAt ?? new Date().toISOString();
    const documents = {} as Record<AnnualLanguage, AnnualReport>;
    for (const lang of langs) {
      const write = new Writer(lang);
      const t = (key: string, params?: MessageParams) =>
        this.catalogue.t(lang, `reporting.annual.${key}`, params);
      const label: Record<SectionSpec['label'], (row: Record<string, unknown>) => string> = {
        month: (row) => write.monthName(String(row.month)),
        kind: (row) => this.catalogue.t(lang, `web.organizations.kinds.${String(row.kind)}`),
        venue: (row) => String(row.venueName),
        topic: (row) =>
          typeof row.topic === 'string' ? this.catalogue.t(lang, `topics.${row.topic}`) : t('none'),
      };
      const sections = SECTIONS.map((spec, index) =>
        this.section(t, write, spec, reports[index], {
          label: label[spec.label],
          chartLabel:
            spec.label === 'month'
              ? (row) => write.monthName(String(row.month), true)
              : label[spec.label],
          labelColumn: t(`columns.${spec.label}`),
          summary: Object.fromEntries(
            Object.entries(spec.summary).map(([param, [figure, as]]) => [
              param,
              write.figure(reports[index].totals[figure], as),
            ]),
          ),
        }),
      );
      documents[lang] = {
        year,
        lang,
        title: t('title', { year: String(year) }),
        intro: t('intro', { year: String(year) }),
        generatedAt,
        frozenAt,
        sections,
      };
    }
    return documents;
  }

  private section(
    t: (key: string, params?: MessageParams) => string,
    write: Writer,
    spec: SectionSpec,
    report: Report,
    shape: {
      label: (row: Record<string, unknown>) => string;
      /** The name on the chart's axis, shorter where the axis is narrow (months). */
      chartLabel: (row: Record<string, unknown>) => string;
      labelColumn: string;
      summary: MessageParams;
    },
  ): Section {
    const { key, columns } = spec;
    const title = t(`${key}.title`);
    const column = columns.find((c) => c.figure === spec.chart.figure)!;
    const labels = report.rows.map(shape.chartLabel);
    const values = report.rows.map((row) => row[spec.chart.figure] as Figure);
    const chartText = {
      id: `annual-${key}`,
      title: t(`${key}.chartTitle`),
      description: t(`${key}.chartDescription`, {
        rows: labels.length,
        columns: t(`columns.${column.label}`),
      }),
      categoryAxisLabel: shape.labelColumn,
      valueAxisLabel: t(`columns.${column.label}`),
      format: (value: number) => write.figure(value, spec.chart.as),
      maxValue: spec.chart.maxValue,
    };
    // An empty section says "nothing to report" and draws no chart of nothing.
    const chart = !report.rows.length
      ? null
      : spec.chart.kind === 'line'
        ? lineChartSvg({
            ...chartText,
            categories: labels,
            series: [{ name: t(`columns.${column.label}`), values }],
          })
        : barChartSvg({
            ...chartText,
            bars: labels.map((label, index) => ({ label, value: values[index] })),
          });
    return {
      key,
      title,
      summary: report.rows.length ? t(`${key}.summary`, shape.summary) : t('nothing'),
      chart,
      table: {
        caption: t('tableCaption', { title }),
        columns: [shape.labelColumn, ...columns.map((c) => t(`columns.${c.label}`))],
        rows: report.rows.map((row) => [
          shape.label(row),
          ...columns.map((c) => write.figure(row[c.figure], c.as)),
        ]),
        totals: [t('total'), ...columns.map((c) => write.figure(report.totals[c.figure], c.as))],
      },
    };
  }
}

import { MessageCatalogue } from '../../common/i18n/message-catalogue';
import { ReportsService, SvgChartsService } from '../../reporting/reports.service';
import { Formatter } from '../shell/format';

export type Report = Awaited<ReturnType<ReportsService['bookings']>>;

/** Columns a table leaves out: ids, for the CSV file and links only. */
const HIDDEN = new Set(['roomId', 'venueId', 'organizationId', 'questionId']);
/** Shares (0..1) shown as percentages. */
const SHARES = new Set(['utilization', 'migrantSelfOrganizationShare']);
/** Amounts in cents shown as euros. */
const MONEY = new Set(['valueCents', 'hourlyRateCents']);
/** Key columns whose values are words of the domain, said in the page's language. */
const WORDED: Record<string, string> = {
  kind: 'web.organizations.kinds.',
  area: 'web.survey.areas.',
};

/** A key's value as text: strings as they are, anything else as JSON. */
const asText = (value: unknown): string =>
  typeof value === 'string' ? value : JSON.stringify(value);

export interface TableCell {
  text: string;
  numeric: boolean;
  /** Shown as is from the data (names): isolated for right-to-left pages. */
  data: boolean;
}

export interface ReportTable {
  columns: { name: string; label: string; numeric: boolean }[];
  rows: { cells: TableCell[]; venueId: string | null }[];
  totals: TableCell[];
  suppressed: boolean;
}

/**
 * A report as the page's table: its key columns (without ids) and its figures, each figure
 * in the page's language — numbers, percentages, euros, and "< 3" where a small group is
 * hidden. The same columns as the CSV file (`ReportsService.toCsv`), the totals last.
 */
export function reportTable(
  report: Report,
  catalogue: MessageCatalogue,
  locale: string,
  topicLabel: (key: string) => string,
): ReportTable {
  const fmt = new Formatter(locale);
  const figures = Object.keys(report.totals);
  const keys = report.rows.length
    ? Object.keys(report.rows[0]).filter((name) => !figures.includes(name) && !HIDDEN.has(name))
    : [];
  const label = (name: string) =>
    catalogue.has(`web.reports.columns.${name}`)
      ? catalogue.t(locale, `web.reports.columns.${name}`)
      : name;
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const figure = (name: string, value: unknown): TableCell => {
    const cell = { numeric: true, data: false };
    if (typeof value !== 'number') return { ...cell, text: value === null ? '–' : asText(value) };
    if (SHARES.has(name)) return { ...cell, text: percent.format(value) };
    if (MONEY.has(name)) return { ...cell, text: fmt.money(value, 'EUR') };
    return { ...cell, text: fmt.number(value) };
  };
  const key = (name: string, value: unknown): TableCell => {
    if (value === null || value === undefined) return { text: '', numeric: false, data: false };
    if (typeof value === 'number') return figure(name, value);
    const text = asText(value);
    const word = WORDED[name];
    if (word && catalogue.has(`${word}${text}`)) {
      return { text: catalogue.t(locale, `${word}${text}`), numeric: false, data: false };
    }
    if (name === 'language') return { text: fmt.language(text), numeric: false, data: false };
    if (name === 'topic') return { text: topicLabel(text), numeric: false, data: false };
    return { text, numeric: false, data: true };
  };
  return {
    columns: [
      ...keys.map((name) => ({ name, label: label(name), numeric: false })),
      ...figures.map((name) => ({ name, label: label(name), numeric: true })),
    ],
    rows: report.rows.map((row) => ({
      cells: [
        ...keys.map((name) => key(name, row[name])),
        ...figures.map((name) => figure(name, row[name])),
      ],
      venueId: typeof row.venueId === 'string' ? row.venueId : null,
    })),
    totals: figures.map((name) => figure(name, report.totals[name])),
    suppressed: report.suppressed,
  };
}

/** One question of the needs survey's results, as the page shows it. */
export interface NeedsQuestion {
  number: number;
  area: string;
  kind: string;
  question: string;
  answers: { label: string; organizations: string }[];
  organizations: string;
  meanRating: string | null;
  texts: string[];
}

/**
 * The needs report as one small table per question (its answers and the organisations that
 * gave them, the question's count as the total) and the free texts below it, instead of
 * one wide table that repeats each question on every line.
 */
export function needsQuestions(report: Report, locale: string): NeedsQuestion[] {
  const fmt = new Formatter(locale);
  const shown = (value: unknown): string =>
    typeof value === 'number' ? fmt.number(value) : value === null ? '–' : asText(value);
  const questions = new Map<string, NeedsQuestion>();
  for (const row of report.rows) {
    const id = asText(row.questionId);
    let question = questions.get(id);
    if (!question) {
      question = {
        number: Number(row.questionNumber),
        area: asText(row.area),
        kind: asText(row.kind),
        question: asText(row.question),
        answers: [],
        organizations: shown(row.organizations),
        meanRating: row.kind === 'rating' ? shown(row.meanRating) : null,
        texts: [],
      };
      questions.set(id, question);
    } else if (typeof row.text === 'string') {
      question.texts.push(row.text);
    } else if (row.answer !== null) {
      question.answers.push({
        label: asText(row.answerLabel),
        organizations: shown(row.organizations),
      });
    }
  }
  return [...questions.values()];
}

type ChartValue = Parameters<SvgChartsService['bar']>[0]['bars'][number]['value'];

/** The figure each report draws: the one a reader asks for first. */
const CHARTED: Record<string, string> = {
  utilization: 'utilization',
  bookings: 'requests',
  reach: 'organizations',
  forum: 'placesTaken',
  mentoring: 'requests',
  'in-kind': 'freeHours',
};
/** More bars than this make no readable chart: the table alone then. */
export const MAX_BARS = 40;

/**
 * A report's chart (server-drawn SVG, no script): its charted figure per row, labelled by the
 * row's first column as the table shows it; months as a line. "< 3" stays "< 3".
 */
export function reportChart(
  report: Report,
  table: ReportTable,
  charts: SvgChartsService,
  text: (key: string, params?: Record<string, string | number>) => string,
  locale: string,
  direction: 'ltr' | 'rtl',
): { svg: string | null; rows: number } {
  const figure = CHARTED[report.report];
  const column = table.columns.find((c) => c.name === figure);
  const rows = report.rows.length;
  if (!figure || !column || rows === 0 || rows > MAX_BARS || !table.columns.length) {
    return { svg: null, rows };
  }
  const group = table.columns[0].label;
  const labels = table.rows.map((row) => row.cells[0].text);
  const values = report.rows.map((row) => row[figure] as ChartValue);
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const share = SHARES.has(figure);
  const chart = {
    id: `report-${report.report}`,
    title: text('web.reports.chartTitle', { figure: column.label, group }),
    description: text('web.reports.chartDescription', { figure: column.label, group, rows }),
    categoryAxisLabel: group,
    valueAxisLabel: column.label,
    format: (value: number) => (share ? percent.format(value) : number.format(value)),
    maxValue: share ? 1 : undefined,
    direction,
  };
  const svg =
    report.groupBy === 'month'
      ? charts.line({ ...chart, categories: labels, series: [{ name: column.label, values }] })
      : charts.bar({ ...chart, bars: labels.map((label, i) => ({ label, value: values[i] })) });
  return { svg, rows };
}

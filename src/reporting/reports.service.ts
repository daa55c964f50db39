import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { fieldError } from '../common/validation/validation';
import { CsvDelimiter, CsvValue, toCsv } from './csv';
import { Actor } from '../common/auth/actor';
import { MessageCatalogue } from '../common/i18n/message-catalogue';
import { SurveysService } from '../survey/surveys.service';
import {
  BOOKINGS_SQL,
  ForumGroup,
  forumSql,
  NEEDS_SQL,
  InKindGroup,
  inKindSql,
  MentoringGroup,
  mentoringSql,
  ReachGroup,
  reachSql,
  UtilizationGroup,
  utilizationSql,
} from './report-sql';
import { Cell, Figure, MIN_GROUP, suppress, SUPPRESSED } from './suppression';

/** The longest range a report covers: a year with its leap day. */
export const MAX_RANGE_DAYS = 366;

export interface ReportRange {
  from: string;
  to: string;
}

export interface Report {
  report: string;
  from: string;
  to: string;
  groupBy: string;
  rows: Record<string, unknown>[];
  totals: Record<string, unknown>;
  suppressed: boolean;
}

type Row = Record<string, unknown> & { is_total: boolean };

/** How a report's rows are read: keys as they are, figures with their contributors. */
interface Layout {
  keys: { name: string; column: string }[];
  figures: { name: string; column: string; contributors?: (row: Row) => number }[];
}

const noContributors = () => 0;

/** Reads each report in SQL (one query each) and shows it without small groups. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly surveys: SurveysService,
    private readonly catalogue: MessageCatalogue,
  ) {}

  async utilization(range: ReportRange, groupBy: UtilizationGroup = 'room'): Promise<Report> {
    checkRange(range);
    const keys = {
      room: ['roomId', 'roomName', 'venueId', 'venueName', 'district'],
      venue: ['venueId', 'venueName', 'district'],
      district: ['district'],
      month: ['month'],
    }[groupBy];
    const rows = await this.read(utilizationSql(groupBy), [range.from, range.to]);
    // Hours of rooms, not of groups of organisations: nothing here counts organisations.
    return this.shape('utilization', range, groupBy, rows, {
      keys: keys.map((name) => ({ name, column: snake(name) })),
      figures: [
        { name: 'openHours', column: 'open_hours', contributors: noContributors },
        { name: 'bookedHours', column: 'booked_hours', contributors: noContributors },
        { name: 'utilization', column: 'utilization', contributors: noContributors },
      ],
    });
  }

  async bookings(range: ReportRange): Promise<Report> {
    checkRange(range);
    const rows = await this.read(BOOKINGS_SQL, [range.from, range.to]);
    const organizations = (row: Row) => Number(row.organizations);
    const counts = ['requests', 'approvals', 'declines', 'cancellations', 'expiries', 'pending'];
    return this.shape('bookings', range, 'kind', rows, {
      keys: [{ name: 'kind', column: 'kind' }],
      figures: [
        ...counts.map((name) => ({ name, column: name, contributors: organizations })),
        {
          name: 'medianAnswerHours',
          column: 'median_answer_hours',
          contributors: (row: Row) => Number(row.answered_organizations),
        },
        { name: 'organizations', column: 'organizations', contributors: organizations },
      ],
    });
  }

  async reach(range: ReportRange, groupBy: ReachGroup = 'kind'): Promise<Report> {
    checkRange(range);
    const rows = await this.read(reachSql(groupBy), [range.from, range.to]);
    const organizations = (row: Row) => Number(row.organizations);
    const report = this.shape('reach', range, groupBy, rows, {
      keys: [{ name: groupBy, column: 'key' }],
      figures: [
        { name: 'organizations', column: 'organizations', contributors: organizations },
        {
          name: 'newOrganizations',
          column: 'new_organizations',
          contributors: (row) => Number(row.new_organizations),
        },
        { name: 'bookingHours', column: 'booking_hours', contributors: organizations },
      ],
    });
    // The share gives away the count of migrant self-organisations (and of the others).
    const total = rows.find((row) => row.is_total)!;
    const served = Number(total.organizations);
    const migrant = Number(total.migrant);
    const small = [migrant, served - migrant].some((n) => n > 0 && n < MIN_GROUP);
    const share: Figure = small ? SUPPRESSED : served ? round(migrant / served, 4) : null;
    report.totals.migrantSelfOrganizationShare = share;
    report.suppressed ||= share === SUPPRESSED;
    return report;
  }

  async inKind(
    range: ReportRange,
    groupBy: InKindGroup = 'venue',
    venueId: string | null = null,
  ): Promise<Report> {
    checkRange(range);
    const rows = await this.read(inKindSql(groupBy), [
      range.from,
      range.to,
      this.config.inKindHourlyRateCents,
      venueId,
    ]);
    const keys = [
      { name: 'venueId', column: 'venue_id' },
      { name: 'venueName', column: 'venue_name' },
      ...(groupBy === 'organization'
        ? [
            { name: 'organizationId', column: 'organization_id' },
            { name: 'organizationName', column: 'organization_name' },
          ]
        : []),
      { name: 'hourlyRateCents', column: 'rate' },
    ];
    // A venue's hours and their value are the venue's own figures; the organisations behind
    // them are a count that can be small. Per organisation, each row names its organisation.
    return this.shape('in-kind', range, groupBy, rows, {
      keys,
      figures: [
        { name: 'freeHours', column: 'free_hours', contributors: noContributors },
        { name: 'valueCents', column: 'value_cents', contributors: noContributors },
        {
          name: 'organizations',
          column: 'organizations',
          contributors: (row) =>
            groupBy === 'organization' && !row.is_total ? 0 : Number(row.organizations),
        },
      ],
    });
  }

  async forum(range: ReportRange, groupBy: ForumGroup = 'topic'): Promise<Report> {
    checkRange(range);
    const rows = await this.read(forumSql(groupBy), [range.from, range.to]);
    // Sessions and places offered describe the agency's programme; the places taken,
    // waiting, attended and missed are people.
    const people = (column: string) => (row: Row) => Number(row[column]);
    return this.shape('forum', range, groupBy, rows, {
      keys: [{ name: groupBy, column: 'key' }],
      figures: [
        { name: 'sessions', column: 'sessions', contributors: noContributors },
        { name: 'cancelledSessions', column: 'cancelled_sessions', contributors: noContributors },
        { name: 'places', column: 'places', contributors: noContributors },
        ...(
          [
            ['placesTaken', 'places_taken'],
            ['waitlisted', 'waitlisted'],
            ['attended', 'attended'],
            ['noShows', 'no_shows'],
          ] as const
        ).map(([name, column]) => ({ name, column, contributors: people(column) })),
      ],
    });
  }

  async mentoring(range: ReportRange, groupBy: MentoringGroup = 'topic'): Promise<Report> {
    checkRange(range);
    const rows = await this.read(mentoringSql(groupBy), [range.from, range.to]);
    // Requests and matches describe organisations; pairs and meetings organisations and
    // mentors, the fewer of them counting.
    const by = (column: string) => (row: Row) => Number(row[column]);
    return this.shape('mentoring', range, groupBy, rows, {
      keys: [{ name: groupBy, column: 'key' }],
      figures: [
        { name: 'requests', column: 'requests', contributors: by('requesting_organizations') },
        { name: 'matched', column: 'matched', contributors: by('matched_organizations') },
        {
          name: 'medianDaysToMatch',
          column: 'median_days_to_match',
          contributors: by('matched_organizations'),
        },
        { name: 'activePairs', column: 'active_pairs', contributors: by('paired_people') },
        { name: 'meetings', column: 'meetings', contributors: by('meeting_people') },
        { name: 'meetingHours', column: 'meeting_hours', contributors: by('meeting_people') },
      ],
    });
  }

  /**
   * The results of a round of the needs survey. Per question a row with the organisations
   * that answered it (and the mean rating), then a row per answer (each rating 1..5, each
   * option, zeros included) with the organisations that gave it; for staff, the free-text
   * answers, sorted, without their organisations (organisations read closed rounds only). Each question's answers go through the
   * suppression rule with the question's count as their total; a question answered by fewer
   * than three organisations shows none of its free texts (their number would tell).
   */
  async needs(actor: Actor, roundId: string, locale: string): Promise<Report> {
    const { texts } = await this.surveys.resultsFor(actor, roundId);
    const round = await this.surveys.round(roundId, locale);
    const rows = await this.read(NEEDS_SQL, [roundId, texts]);
    const count = (part: string, questionId: string | null, answer: string | null = null) =>
      Number(
        rows.find((r) => r.part === part && r.question_id === questionId && r.answer === answer)
          ?.organizations ?? 0,
      );
    const cell = (value: number | null, contributors: number): Cell => ({ value, contributors });
    let suppressed = false;
    const out: Record<string, unknown>[] = [];
    for (const question of round.questions) {
      const base = {
        questionNumber: question.position,
        questionId: question.id,
        area: question.area,
        topic: question.topic,
        kind: question.kind,
        question: question.text,
      };
      const respondents = count('question', question.id);
      const mean = rows.find((r) => r.part === 'question' && r.question_id === question.id);
      const answers =
        question.kind === 'rating'
          ? ['1', '2', '3', '4', '5'].map((key) => ({
              key,
              label: this.catalogue.t(locale, 'surveyReport.needs.rating', { value: key }),
            }))
          : question.kind === 'choice'
            ? question.options
            : [];
      const shown = suppress(
        {
          rows: answers.map((answer) => ({
            organizations: cell(
              count('answer', question.id, answer.key),
              count('answer', question.id, answer.key),
            ),
            meanRating: cell(null, 0),
          })),
          totals: {
            organizations: cell(respondents, respondents),
            meanRating: cell(
              mean?.mean_rating === null || mean === undefined ? null : Number(mean.mean_rating),
              respondents,
            ),
          },
        },
        ['organizations', 'meanRating'],
      );
      suppressed ||= shown.suppressed;
      const empty = { answer: null, answerLabel: null, text: null };
      out.push({ ...base, ...empty, ...shown.totals });
      answers.forEach((answer, index) =>
        out.push({
          ...base,
          ...empty,
          answer: answer.key,
          answerLabel: answer.label,
          ...shown.rows[index],
        }),
      );
      const free = rows.filter((r) => r.part === 'text' && r.question_id === question.id);
      if (free.length && respondents < MIN_GROUP) suppressed = true;
      else
        for (const row of free)
          out.push({ ...base, ...empty, text: row.text, organizations: null, meanRating: null });
    }
    const total = count('total', null);
    const small = total > 0 && total < MIN_GROUP;
    return {
      report: 'needs',
      from: round.opensAt.toISOString().slice(0, 10),
      to: round.closesAt.toISOString().slice(0, 10),
      groupBy: 'question',
      rows: out,
      totals: { organizations: small ? SUPPRESSED : total, meanRating: null },
      suppressed: suppressed || small,
    };
  }

  /**
   * One report query. The planner cannot see how many days `generate_series` makes, guesses
   * high, and would spend seconds compiling the query with JIT that runs in a fraction of
   * that: off for this transaction.
   */
  private read(sql: string, parameters: unknown[]): Promise<Row[]> {
    return this.db.transaction(async () => {
      await this.db.query('SET LOCAL jit = off');
      return this.db.query<Row[]>(sql, parameters);
    });
  }

  /** A report as CSV: its keys and figures as columns, the totals as the last line. */
  toCsv(report: Report, delimiter: CsvDelimiter = 'comma'): string {
    const columns = Object.keys(report.totals);
    const keyColumns = report.rows.length
      ? Object.keys(report.rows[0]).filter((name) => !columns.includes(name))
      : [];
    const header = [...keyColumns, ...columns];
    const line = (row: Record<string, unknown>) => header.map((name) => row[name] as CsvValue);
    const totals = header.map((name, index) =>
      name in report.totals ? (report.totals[name] as CsvValue) : index === 0 ? 'total' : null,
    );
    return toCsv(header, [...report.rows.map(line), totals], delimiter);
  }

  private shape(
    name: string,
    range: ReportRange,
    groupBy: string,
    rows: Row[],
    layout: Layout,
  ): Report {
    const cellsOf = (row: Row) =>
      Object.fromEntries(
        layout.figures.map(({ name: figure, column, contributors }): [string, Cell] => [
          figure,
          {
            value: row[column] === null ? null : Number(row[column]),
            contributors: (contributors ?? noContributors)(row),
          },
        ]),
      );
    const groups = rows.filter((row) => !row.is_total);
    const total = rows.find((row) => row.is_total);
    const shown = suppress(
      {
        rows: groups.map(cellsOf),
        totals: total
          ? cellsOf(total)
          : Object.fromEntries(layout.figures.map((f) => [f.name, { value: 0, contributors: 0 }])),
      },
      layout.figures.map((figure) => figure.name),
    );
    return {
      report: name,
      from: range.from,
      to: range.to,
      groupBy,
      rows: groups.map((row, index) => ({
        ...Object.fromEntries(layout.keys.map((key) => [key.name, row[key.column] ?? null])),
        ...shown.rows[index],
      })),
      totals: shown.totals,
      suppressed: shown.suppressed,
    };
  }
}

/** The range is whole local days, the last included, at most MAX_RANGE_DAYS of them. */
export function checkRange({ from, to }: ReportRange): void {
  const days = DateTime.fromISO(to).diff(DateTime.fromISO(from), 'days').days + 1;
  if (days < 1) throw fieldError('to', 'validation.endsAfterStart');
  if (days > MAX_RANGE_DAYS)
    throw fieldError('to', 'validation.windowTooLong', { days: MAX_RANGE_DAYS });
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const round = (value: number, digits: number) => Number(value.toFixed(digits));

/** The chart renderer, for pages outside this module (the boundary rule reaches services here). */
export { SvgChartsService } from './charts/svg-charts.service';

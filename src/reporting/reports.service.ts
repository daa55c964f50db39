import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { fieldError } from '../common/validation/validation';
import { CsvDelimiter, CsvValue, toCsv } from './csv';
import {
  BOOKINGS_SQL,
  InKindGroup,
  inKindSql,
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

import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { DateTime } from 'luxon';
import { IsCalendarDate } from '../../common/validation/time';
import { ReportsService } from '../../reporting/reports.service';
import { CITY_ZONE } from '../shell/format';

export const REPORT_NAMES = [
  'utilization',
  'bookings',
  'reach',
  'forum',
  'mentoring',
  'needs',
  'in-kind',
] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

type UtilizationGroup = NonNullable<Parameters<ReportsService['utilization']>[1]>;
type ReachGroup = NonNullable<Parameters<ReportsService['reach']>[1]>;
type ForumGroup = NonNullable<Parameters<ReportsService['forum']>[1]>;
type InKindGroup = NonNullable<Parameters<ReportsService['inKind']>[1]>;
type MentoringGroup = NonNullable<Parameters<ReportsService['mentoring']>[1]>;

/** Each report's groupings, the first its default (as the API's `groupBy`). */
export const GROUPS: Record<ReportName, string[]> = {
  utilization: ['room', 'venue', 'district', 'month'] satisfies UtilizationGroup[],
  bookings: [],
  reach: ['kind', 'language', 'field', 'district'] satisfies ReachGroup[],
  forum: ['topic', 'language'] satisfies ForumGroup[],
  mentoring: ['topic', 'language'] satisfies MentoringGroup[],
  needs: [],
  'in-kind': ['venue', 'organization'] satisfies InKindGroup[],
};

export const DELIMITERS = ['comma', 'semicolon'] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A range of days, both included (the API's `from` and `to`). */
class RangeForm {
  @Matches(DAY)
  @IsCalendarDate()
  from!: string;

  @Matches(DAY)
  @IsCalendarDate()
  to!: string;
}

/** The reports page's choice, as typed into its GET form (the API's query, one form). */
export class ReportForm extends RangeForm {
  @IsIn(REPORT_NAMES)
  report!: ReportName;

  @IsOptional()
  @Matches(/^[a-z]{1,20}$/)
  groupBy?: string;

  @IsOptional()
  @IsUUID()
  round?: string;

  @IsOptional()
  @IsIn(DELIMITERS)
  delimiter?: (typeof DELIMITERS)[number];
}

/** The letter to a venue: which venue, which days, which language. */
export class LetterForm extends RangeForm {
  @IsUUID()
  venueId!: string;

  @IsOptional()
  @IsIn(['de', 'en'])
  lang?: 'de' | 'en';
}

/** Ranges offered as links: last full month (the default), this year so far, last year. */
export function presets(now = DateTime.now().setZone(CITY_ZONE)) {
  const day = (at: DateTime) => at.toISODate()!;
  const lastMonth = now.minus({ months: 1 });
  const lastYear = now.minus({ years: 1 });
  return {
    lastMonth: { from: day(lastMonth.startOf('month')), to: day(lastMonth.endOf('month')) },
    thisYear: { from: day(now.startOf('year')), to: day(now) },
    lastYear: { from: day(lastYear.startOf('year')), to: day(lastYear.endOf('year')) },
  };
}

import { DateTime } from 'luxon';
import { Frequency, Options, RRule } from 'rrule';

/** One occurrence of a series, as instants. */
export interface Occurrence {
  startsAt: Date;
  endsAt: Date;
}

export const MAX_OCCURRENCES = 200;
export const MAX_SERIES_DAYS = 366;

export type RecurrenceProblem =
  | 'RRULE_INVALID'
  | 'RRULE_PART_NOT_ALLOWED'
  | 'RRULE_END_MISSING'
  | 'RRULE_TOO_LONG'
  | 'RRULE_START_MISMATCH';

export class RecurrenceError extends Error {
  constructor(
    readonly problem: RecurrenceProblem,
    readonly part?: string,
  ) {
    super(problem);
  }
}

/** The RRULE parts a series may use; DTSTART, UNTIL and COUNT come from the request. */
const ALLOWED_PARTS = new Set([
  'FREQ',
  'INTERVAL',
  'BYDAY',
  'BYMONTHDAY',
  'BYSETPOS',
  'BYMONTH',
  'WKST',
]);
const ALLOWED_FREQUENCIES = new Set([Frequency.DAILY, Frequency.WEEKLY, Frequency.MONTHLY]);

export interface SeriesRequest {
  /** The first occurrence, as the client sent it. */
  startsAt: Date;
  endsAt: Date;
  /** e.g. "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU" or "RRULE:FREQ=MONTHLY;BYDAY=1TU". */
  rrule: string;
  /** Last day (inclusive, local) or instant up to which occurrences may start. */
  until?: Date;
  count?: number;
}

/** The rule as stored: no "RRULE:" prefix, no trailing ";" (common in hand-written rules). */
export const normaliseRule = (text: string): string =>
  text
    .trim()
    .replace(/^RRULE:/i, '')
    .replace(/;+$/, '');

/** Parses and checks the rule text; throws RecurrenceError. */
export function parseRule(text: string): Partial<Options> {
  const body = normaliseRule(text);
  if (!body || /[\r\n]/.test(body)) throw new RecurrenceError('RRULE_INVALID');
  for (const part of body.split(';')) {
    const name = part.split('=')[0].trim().toUpperCase();
    if (!ALLOWED_PARTS.has(name)) throw new RecurrenceError('RRULE_PART_NOT_ALLOWED', name);
  }
  let options: Partial<Options>;
  try {
    options = RRule.parseString(body);
  } catch {
    throw new RecurrenceError('RRULE_INVALID');
  }
  if (options.freq === undefined || !ALLOWED_FREQUENCIES.has(options.freq)) {
    throw new RecurrenceError('RRULE_INVALID');
  }
  if (options.interval !== undefined && (options.interval < 1 || options.interval > 52)) {
    throw new RecurrenceError('RRULE_INVALID');
  }
  return options;
}

/**
 * The last instant a series may start at: a date given without a time (local midnight in
 * the room's zone) means "up to and including that day". Stored with the series, so that
 * an RRULE's UNTIL written from it keeps the last date.
 */
export function inclusiveUntil(until: Date, zone: string): DateTime {
  const requested = DateTime.fromJSDate(until, { zone });
  return requested.equals(requested.startOf('day')) ? requested.endOf('day') : requested;
}

/** Local wall-clock fields of an instant, written as a UTC date ("floating time"). */
const floating = (local: DateTime): Date =>
  new Date(
    Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second),
  );

/**
 * Expands a series in the room's time zone. The rule runs over floating wall-clock times,
 * and each occurrence is placed in the zone afterwards, so that a series starting at 19:00
 * stays at 19:00 local before and after a change of daylight saving time; the end keeps
 * the first occurrence's local end time (and day offset). At most MAX_OCCURRENCES and at
 * most MAX_SERIES_DAYS after the first start.
 */
export function expandSeries(request: SeriesRequest, zone: string): Occurrence[] {
  const options = parseRule(request.rrule);
  if (request.until === undefined && request.count === undefined) {
    throw new RecurrenceError('RRULE_END_MISSING');
  }
  const first = DateTime.fromJSDate(request.startsAt, { zone });
  const firstEnd = DateTime.fromJSDate(request.endsAt, { zone });
  const endDayOffset = Math.round(firstEnd.startOf('day').diff(first.startOf('day'), 'days').days);
  const horizon = first.plus({ days: MAX_SERIES_DAYS });
  let until: DateTime = horizon;
  if (request.until) {
    const inclusive = inclusiveUntil(request.until, zone);
    if (inclusive > horizon) throw new RecurrenceError('RRULE_TOO_LONG');
    until = inclusive;
  }
  if (request.count !== undefined && request.count > MAX_OCCURRENCES) {
    throw new RecurrenceError('RRULE_TOO_LONG');
  }

  const rule = new RRule({
    ...options,
    dtstart: floating(first),
    until: floating(until),
    count: request.count ?? null,
    tzid: null,
  });
  const starts = rule.all((_date, index) => index < MAX_OCCURRENCES + 1);
  if (starts.length > MAX_OCCURRENCES) throw new RecurrenceError('RRULE_TOO_LONG');
  // "count: 20" monthly does not fit in a year: say so rather than book fewer.
  if (request.count !== undefined && starts.length < request.count) {
    throw new RecurrenceError('RRULE_TOO_LONG');
  }

  if (starts.length === 0 || starts[0].getTime() !== floating(first).getTime()) {
    // The first occurrence the client sent must be one the rule produces; otherwise the
    // series in the calendar (DTSTART + RRULE) and the booked rows would disagree.
    throw new RecurrenceError('RRULE_START_MISMATCH');
  }
  return starts.map((floatingStart) => {
    const localStart = DateTime.fromObject(
      {
        year: floatingStart.getUTCFullYear(),
        month: floatingStart.getUTCMonth() + 1,
        day: floatingStart.getUTCDate(),
        hour: first.hour,
        minute: first.minute,
        second: first.second,
      },
      { zone },
    );
    const localEnd = localStart
      .startOf('day')
      .plus({ days: endDayOffset })
      .set({ hour: firstEnd.hour, minute: firstEnd.minute, second: firstEnd.second });
    return { startsAt: localStart.toJSDate(), endsAt: localEnd.toJSDate() };
  });
}

import { FieldError } from '../common/errors/domain-error';
import { minutesOfDay } from '../common/validation/time';

export interface WeeklyInterval {
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  /** "HH:MM" wall-clock time. */
  opens: string;
  /** "HH:MM", "24:00" for the end of the day. */
  closes: string;
}

/**
 * What the database would refuse in a week of opening hours, said per field: an interval
 * that closes before it opens, and intervals of one weekday that overlap. Touching
 * intervals (09:00–13:00, 13:00–17:00) are fine. A night past midnight is two intervals,
 * one on each day.
 */
export function openingHoursErrors(intervals: WeeklyInterval[]): FieldError[] {
  const errors: FieldError[] = [];
  const valid: { index: number; weekday: number; opens: number; closes: number }[] = [];
  intervals.forEach((interval, index) => {
    const opens = minutesOfDay(interval.opens);
    const closes = minutesOfDay(interval.closes);
    if (closes <= opens) {
      errors.push({
        field: `[${index}].closes`,
        messageKey: 'validation.endsAfterStart',
        params: {},
      });
    } else {
      valid.push({ index, weekday: interval.weekday, opens, closes });
    }
  });
  valid.sort((a, b) => a.weekday - b.weekday || a.opens - b.opens || a.index - b.index);
  // Sweep each day in order of opening; `reach` is the latest closing seen so far that day.
  const overlapping = new Set<number>();
  let reach: (typeof valid)[number] | undefined;
  for (const interval of valid) {
    if (reach && interval.weekday === reach.weekday && interval.opens < reach.closes) {
      // Name the one that comes later in the list: the earlier one was there first.
      overlapping.add(Math.max(interval.index, reach.index));
    }
    if (!reach || interval.weekday !== reach.weekday || interval.closes > reach.closes) {
      reach = interval;
    }
  }
  for (const index of [...overlapping].sort((a, b) => a - b)) {
    errors.push({ field: `[${index}].opens`, messageKey: 'validation.overlaps', params: {} });
  }
  return errors;
}

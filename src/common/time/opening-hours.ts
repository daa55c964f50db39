import { DateTime } from 'luxon';
import { Interval, normalise } from './intervals';

const DAY = 86_400_000;
/** Longer than any window a caller may ask for: three years' horizon plus a booking. */
const MAX_SPAN_DAYS = 4 * 366;

/** A weekly opening interval in local wall-clock time ("09:00"–"13:00", "24:00" = midnight). */
export interface WeeklyHours {
  weekday: number;
  opens: string;
  closes: string;
  /**
   * The local dates ("2027-03-01") on which the interval holds: from `validFrom` (absent or
   * null: since always) up to, not including, `validTo` (absent or null: until further notice).
   */
  validFrom?: string | null;
  validTo?: string | null;
}

/** Whether `hours` hold on the local date `isoDate` ("2027-03-01"); ISO dates sort as text. */
const validOn = (hours: WeeklyHours, isoDate: string): boolean =>
  (!hours.validFrom || hours.validFrom <= isoDate) && (!hours.validTo || isoDate < hours.validTo);

const minutes = (time: string): number => {
  const [h, m] = time.split(':').map(Number);
  return h * 60 + m;
};

/** The local instant of `minutesOfDay` on `day`; 24:00 is the next day's midnight. */
function at(day: DateTime, minutesOfDay: number): number {
  return day
    .startOf('day')
    .plus({ days: Math.floor(minutesOfDay / 1440) })
    .set({ hour: Math.floor((minutesOfDay % 1440) / 60), minute: minutesOfDay % 60 })
    .toMillis();
}

/** A local day of a zone, as `openIntervals` walks it. */
interface LocalDay {
  /** The day's first instant (its midnight, or the first instant after a missing one). */
  start: number;
  /** An instant of the next day (`start` plus one day of wall-clock time). */
  next: number;
  weekday: number;
  /** "2027-03-01" */
  date: string;
  /** No offset change and a real midnight: local minutes are plain arithmetic. */
  steady: boolean;
}

/**
 * Local days, found again by zone and quarter hour: every request and availability answer walks
 * the same few days, and working out a zone's offset (Luxon, through Intl) was a tenth of the
 * service's time on the booking path. A quarter hour is cached only where it lies wholly inside
 * its day (offsets are whole quarter hours since 1900; an older one is simply not cached).
 */
const QUARTER = 15 * 60_000;
const localDays = new Map<string, LocalDay>();
const MAX_LOCAL_DAYS = 50_000;

function localDay(zone: string, instant: number): LocalDay {
  const quarter = Math.floor(instant / QUARTER);
  const key = `${zone} ${quarter}`;
  const known = localDays.get(key);
  if (known) return known;
  const day = DateTime.fromMillis(instant, { zone }).startOf('day');
  const next = day.plus({ days: 1 });
  const found: LocalDay = {
    start: day.toMillis(),
    next: next.toMillis(),
    weekday: day.weekday,
    date: day.toISODate()!,
    steady: day.hour === 0 && day.minute === 0 && next.offset === day.offset,
  };
  const end = DateTime.fromMillis(found.start, { zone }).plus({ days: 1 }).startOf('day');
  if (found.start <= quarter * QUARTER && (quarter + 1) * QUARTER <= end.toMillis()) {
    if (localDays.size >= MAX_LOCAL_DAYS) localDays.clear();
    localDays.set(key, found);
  }
  return found;
}

/**
 * The opening hours of every day touched by [from, to), as instants, computed day by day in
 * the room's zone: 19:00 is 19:00 local on both sides of a DST change. On the spring-forward
 * day a time inside the gap (02:30) moves to the first valid instant after it; on the
 * fall-back day an hour that occurs twice is counted once, from its first occurrence.
 */
export function openIntervals(
  hours: WeeklyHours[],
  zone: string,
  from: number,
  to: number,
): Interval[] {
  if (hours.length === 0 || to <= from) return [];
  // The walk is day by day: callers bound the window by their rules (an availability window,
  // a policy's horizon), never by the times a client sent. A longer one is their bug, and
  // failing here beats blocking the whole process for minutes.
  if (to - from > MAX_SPAN_DAYS * DAY) {
    throw new RangeError(`openIntervals over more than ${MAX_SPAN_DAYS} days`);
  }
  const byWeekday = new Map<number, WeeklyHours[]>();
  for (const entry of hours)
    byWeekday.set(entry.weekday, [...(byWeekday.get(entry.weekday) ?? []), entry]);
  const result: Interval[] = [];
  const last = localDay(zone, to).date;
  for (let day = localDay(zone, from); day.date <= last; day = localDay(zone, day.next)) {
    const instant = (m: number) =>
      day.steady && m <= 1440
        ? day.start + m * 60_000
        : at(DateTime.fromMillis(day.start, { zone }), m);
    for (const entry of byWeekday.get(day.weekday) ?? []) {
      if (!validOn(entry, day.date)) continue;
      const start = Math.max(instant(minutes(entry.opens)), from);
      const end = Math.min(instant(minutes(entry.closes)), to);
      if (end > start) result.push({ start, end });
    }
  }
  return normalise(result);
}

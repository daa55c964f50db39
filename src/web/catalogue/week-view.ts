import { DateTime } from 'luxon';

export interface Period {
  startsAt: string;
  endsAt: string;
}

/**
 * free: a request may be sent; past, tooSoon, tooFar: free, but the room's notice or horizon
 * (the booking rules) does not take a request for it now.
 */
export type SlotState = 'free' | 'busy' | 'closed' | 'past' | 'tooSoon' | 'tooFar';

export interface WeekSlot {
  startsAt: Date;
  endsAt: Date;
  state: SlotState;
}

export interface WeekDay {
  date: Date;
  /** One slot per hour row; same length for every day. */
  slots: WeekSlot[];
  /** The day's free periods that may be requested, for the list on narrow screens. */
  free: { startsAt: Date; endsAt: Date }[];
}

export interface Week {
  /** Monday 00:00 in the room's zone. */
  start: DateTime;
  hours: number[];
  days: WeekDay[];
  /**
   * The first instant after `now` from which the clock alone would make the week come out
   * otherwise (a slot turning past, too soon or requestable; the list's first start moving
   * on); Infinity when no later instant would. Until then it may be shown as it is.
   */
  changesAt: number;
}

/** Monday of the week holding `date` (yyyy-mm-dd, else today), in the room's zone. */
export function weekStart(date: string | undefined, zone: string, now = new Date()): DateTime {
  const given = date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? DateTime.fromISO(date, { zone }) : null;
  const day = given?.isValid ? given : DateTime.fromJSDate(now, { zone });
  return day.startOf('week');
}

const MINUTE = 60_000;
const QUARTER = 15 * MINUTE;
const HOUR = 3_600_000;

/**
 * Up to the next quarter hour: the list's first start when the notice runs out inside a free
 * period ("10:15–12:00", not "10:07–12:00", whose minute would be too soon once a form is
 * filled in). Every zone's offset is a multiple of a quarter hour, so it is one there too.
 */
const ceilQuarter = (at: number) => Math.ceil(at / QUARTER) * QUARTER;
const floorQuarter = (at: number) => Math.floor(at / QUARTER) * QUARTER;

const overlaps = (a: [number, number], b: [number, number]) => a[0] < b[1] && b[0] < a[1];
const within = (a: [number, number], b: [number, number]) => b[0] <= a[0] && a[1] <= b[1];
const span = (p: Period): [number, number] => [Date.parse(p.startsAt), Date.parse(p.endsAt)];

/** When the week is looked at, and where a request may start then (`requestableStarts`). */
export interface Requestable {
  now: number;
  start: number;
  end: number;
}

/**
 * A week of hourly slots from the earliest opening to the latest closing hour: free when the
 * whole hour is free and may be requested now, busy when a booking touches it, closed
 * otherwise. Wall-clock hours in the room's zone, right across a change to or from summer time.
 */
export function buildWeek(
  start: DateTime,
  open: Period[],
  busy: Period[],
  free: Period[],
  requestable: Requestable,
): Week {
  const opens = open.map(span);
  const busies = busy.map(span);
  const frees = free.map(span);
  // The week's eight midnights, each through the zone's rules once. A day of exactly 24 hours
  // has no change of summer time (a change makes it 23 or 25): there, a wall-clock hour is
  // midnight plus that many hours, without asking the zone for every instant (it was most of
  // the page's time). Only the two changing days of a year need the zone's rules per hour.
  const midnights = Array.from({ length: 8 }, (_, d) => start.plus({ days: d }));
  const bounds = midnights.map((midnight) => midnight.toMillis());
  const even = bounds.slice(0, 7).map((at, d) => bounds[d + 1] - at === 24 * HOUR);
  const evenDayOf = (at: number) => {
    const d = bounds.findIndex((bound, i) => i < 7 && bound <= at && at < bounds[i + 1]);
    return d >= 0 && even[d] ? d : -1;
  };
  let first = 24;
  let last = 0;
  for (const [from, to] of opens) {
    const d = evenDayOf(from);
    if (d >= 0) {
      first = Math.min(first, Math.floor((from - bounds[d]) / HOUR));
      last = Math.max(
        last,
        to < bounds[d + 1] ? Math.ceil(Math.floor((to - bounds[d]) / MINUTE) / 60) : 24,
      );
      continue;
    }
    const a = DateTime.fromMillis(from, { zone: start.zone });
    const b = DateTime.fromMillis(to, { zone: start.zone });
    first = Math.min(first, a.hour);
    last = Math.max(last, b.hasSame(a, 'day') ? Math.ceil(b.hour + b.minute / 60) : 24);
  }
  if (first >= last) [first, last] = [8, 20];
  const hours = Array.from({ length: last - first }, (_, i) => first + i);
  const days: WeekDay[] = [];
  const { now } = requestable;
  const lead = requestable.start - now;
  const horizon = requestable.end - now;
  const firstStart = ceilQuarter(requestable.start);
  let changesAt = Infinity;
  const changes = (at: number) => {
    if (at > now && at < changesAt) changesAt = at;
  };
  for (let d = 0; d < 7; d++) {
    const day = midnights[d];
    const dayRange: [number, number] = [bounds[d], bounds[d + 1]];
    const slots = hours.map((hour) => {
      const from = even[d] ? dayRange[0] + hour * HOUR : day.set({ hour }).toMillis();
      const range: [number, number] = [from, from + HOUR];
      let state: SlotState;
      if (frees.some((f) => within(range, f))) {
        state = whenFree(from, requestable);
        // Past from its start on, too soon once the notice reaches it, free once the horizon does.
        changes(from + 1);
        changes(from - lead + 1);
        changes(from - horizon);
      } else {
        state = busies.some((b) => overlaps(range, b)) ? 'busy' : 'closed';
      }
      return { startsAt: new Date(range[0]), endsAt: new Date(range[1]), state };
    });
    // Free periods from where a request may start; one may end after the last start.
    const dayFree: WeekDay['free'] = [];
    for (const [a, b] of frees) {
      if (!overlaps([a, b], dayRange)) continue;
      const end = Math.min(b, dayRange[1]);
      const earliest = Math.max(a, dayRange[0]);
      const from = Math.max(earliest, firstStart);
      if (end > firstStart) {
        // Cut by the notice now: moves on with the next quarter; else once the notice reaches it.
        changes((earliest < firstStart ? firstStart : floorQuarter(earliest)) - lead + 1);
      }
      if (from >= end) continue;
      if (from > requestable.end) changes(from - horizon);
      else dayFree.push({ startsAt: new Date(from), endsAt: new Date(end) });
    }
    days.push({ date: new Date(dayRange[0]), slots, free: dayFree });
  }
  return { start, hours, days, changesAt };
}

function whenFree(startsAt: number, requestable: Requestable): SlotState {
  if (startsAt < requestable.now) return 'past';
  if (startsAt < requestable.start) return 'tooSoon';
  if (startsAt > requestable.end) return 'tooFar';
  return 'free';
}

/** The request page, prefilled (built by the bookings pages). */
export function requestUrl(roomId: string, startsAt: Date, endsAt: Date): string {
  const query = new URLSearchParams({
    roomId,
    startsAt: startsAt.toISOString(),
    endsAt: endsAt.toISOString(),
  });
  return `/bookings/new?${query.toString()}`;
}

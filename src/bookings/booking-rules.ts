import { DateTime } from 'luxon';
import { containedIn, Interval, normalise, overlaps } from '../common/time/intervals';
import { openIntervals, WeeklyHours } from '../common/time/opening-hours';
import { RoomPolicy } from '../rooms/rooms.contract';

/**
 * The rules of a slot, in one place. A booking request is judged by `checkSlot`; the free-room
 * search confirms its SQL candidates with `checkSlot` too; availability's free intervals are
 * the opening hours minus `blockedIntervals`. The one definition of "holds the room, buffer
 * included" is `holdingBlock`; in SQL it is a booking's `period` ([start, end + its buffer))
 * overlapping [start, end + the new booking's buffer), the same interval test written the
 * other way round, which the exclusion constraint and the search's pre-filter use.
 */

/** A booking that holds a slot in the room (pending or approved). */
export interface HoldingSlot {
  id: string;
  organizationId: string;
  start: number;
  end: number;
  /** The buffer kept after it, as stored with the booking. */
  bufferMinutes: number;
}

/** Everything a requested slot is judged by, loaded once for a request or a whole series. */
export interface SlotContext {
  now: number;
  zone: string;
  policy: RoomPolicy;
  organizationId: string;
  /** Opening hours over the whole span asked for, merged. */
  open: Interval[];
  closures: Interval[];
  /**
   * Other holding bookings of the room, at least those in the way of the span (not the one
   * being moved).
   */
  holding: HoldingSlot[];
  /** Minutes this organisation holds in this room, per local month "yyyy-MM". */
  monthlyMinutes: Map<string, number>;
}

export type RuleCode =
  | 'DURATION_TOO_SHORT'
  | 'DURATION_TOO_LONG'
  | 'NOTICE_TOO_SHORT'
  | 'TOO_FAR_AHEAD'
  | 'OUTSIDE_OPENING_HOURS'
  | 'IN_CLOSURE'
  | 'SLOT_TAKEN'
  | 'WITHIN_BUFFER'
  | 'MONTHLY_HOURS_EXCEEDED';

export interface Violation {
  code: RuleCode;
  params: Record<string, string | number>;
  /** For SLOT_TAKEN / WITHIN_BUFFER: the bookings in the way. */
  blocking?: HoldingSlot[];
}

const MINUTE = 60_000;

export const monthKey = (instant: number, zone: string): string =>
  DateTime.fromMillis(instant, { zone }).toFormat('yyyy-MM');

/**
 * Minutes of [start, end) per local month: a booking over a month's last midnight counts
 * in both months.
 */
export function minutesByMonth(start: number, end: number, zone: string): Map<string, number> {
  const result = new Map<string, number>();
  let cursor = start;
  while (cursor < end) {
    const nextMonth = DateTime.fromMillis(cursor, { zone }).startOf('month').plus({ months: 1 });
    const stop = Math.min(end, nextMonth.toMillis());
    const key = monthKey(cursor, zone);
    result.set(key, (result.get(key) ?? 0) + (stop - cursor) / MINUTE);
    cursor = stop;
  }
  return result;
}

/**
 * What a holding booking keeps from a new booking that needs `bufferMinutes` before the next
 * one: its own time, its own buffer after it, and the newcomer's buffer before it.
 */
export function holdingBlock(
  booking: { start: number; end: number; bufferMinutes: number },
  bufferMinutes: number,
): Interval {
  return {
    start: booking.start - bufferMinutes * MINUTE,
    end: booking.end + booking.bufferMinutes * MINUTE,
  };
}

/** Where a new booking with `bufferMinutes` cannot lie: closures and the holding bookings' blocks. */
export function blockedIntervals(
  closures: Interval[],
  holding: readonly { start: number; end: number; bufferMinutes: number }[],
  bufferMinutes: number,
): Interval[] {
  return normalise([
    ...closures,
    ...holding.map((booking) => holdingBlock(booking, bufferMinutes)),
  ]);
}

/**
 * The rules that need nothing but the clock and the policy: length, notice, horizon. They
 * come first, before anything is loaded for a slot, because they bound it: a slot that passes
 * lies inside `bookableWindow`, however absurd the times a client sent.
 */
export function checkTiming(policy: RoomPolicy, now: number, slot: Interval): Violation | null {
  const minutes = (slot.end - slot.start) / MINUTE;
  if (minutes < policy.minDurationMinutes) {
    return { code: 'DURATION_TOO_SHORT', params: { minutes: policy.minDurationMinutes } };
  }
  if (minutes > policy.maxDurationMinutes) {
    return { code: 'DURATION_TOO_LONG', params: { minutes: policy.maxDurationMinutes } };
  }
  const starts = requestableStarts(policy, now);
  if (slot.start < starts.start) {
    return { code: 'NOTICE_TOO_SHORT', params: { hours: policy.leadTimeHours } };
  }
  if (slot.start > starts.end) {
    return { code: 'TOO_FAR_AHEAD', params: { days: policy.horizonDays } };
  }
  return null;
}

/**
 * Where any slot the policy allows lies, from the earliest allowed start to the latest
 * allowed end. The per-day work of judging a request (opening hours, months) is done for
 * this window at most, never for the span a client sent.
 */
export function bookableWindow(policy: RoomPolicy, now: number): Interval {
  const starts = requestableStarts(policy, now);
  return { start: starts.start, end: starts.end + policy.maxDurationMinutes * MINUTE };
}

/**
 * Where a request may start now (`checkTiming`'s notice and horizon): the pages offer only
 * the free hours that start in it.
 */
export function requestableStarts(policy: RoomPolicy, now: number): Interval {
  return {
    start: now + policy.leadTimeHours * 60 * MINUTE,
    end: now + policy.horizonDays * 24 * 60 * MINUTE,
  };
}

/**
 * The first instant after `now` at which `checkTiming`'s verdict on a slot starting at `start`
 * can change by the clock alone (Infinity: never again): the notice runs out just after
 * `start − lead time`, and the horizon reaches the slot at `start − horizon`. Length does not
 * depend on the clock. An answer that judged slots at `now` holds until then.
 */
export function timingChangesAt(
  policy: Pick<RoomPolicy, 'leadTimeHours' | 'horizonDays'>,
  start: number,
  now: number,
): number {
  // Passes the notice while start >= now + lead, i.e. up to and including start − lead.
  const lastWithNotice = start - policy.leadTimeHours * 60 * MINUTE;
  // Too late for the notice stays too late, and that is the verdict told first (checkTiming),
  // whatever the horizon: the clock changes nothing any more.
  if (now > lastWithNotice) return Infinity;
  let changesAt = lastWithNotice + 1;
  // Within the horizon from start − horizon on.
  const firstWithinHorizon = start - policy.horizonDays * 24 * 60 * MINUTE;
  if (now < firstWithinHorizon) changesAt = Math.min(changesAt, firstWithinHorizon);
  return changesAt;
}

/**
 * The first rule a slot breaks, in the order a person would want to hear it, or null.
 * Slot conflicts are told apart: SLOT_TAKEN when the times overlap, WITHIN_BUFFER when
 * only the buffer between them is too short.
 */
export function checkSlot(context: SlotContext, slot: Interval): Violation | null {
  const { policy } = context;
  const timing = checkTiming(policy, context.now, slot);
  if (timing) return timing;
  if (!containedIn(slot, context.open)) return { code: 'OUTSIDE_OPENING_HOURS', params: {} };
  if (context.closures.some((closure) => overlaps(slot, closure))) {
    return { code: 'IN_CLOSURE', params: {} };
  }
  const taken = context.holding.filter((other) => overlaps(slot, other));
  if (taken.length) return { code: 'SLOT_TAKEN', params: {}, blocking: taken };
  const tooClose = context.holding.filter((other) =>
    overlaps(slot, holdingBlock(other, policy.bufferMinutes)),
  );
  if (tooClose.length) {
    return { code: 'WITHIN_BUFFER', params: { minutes: policy.bufferMinutes }, blocking: tooClose };
  }
  if (policy.monthlyHoursPerOrganization !== null) {
    const limit = policy.monthlyHoursPerOrganization * 60;
    for (const [month, added] of minutesByMonth(slot.start, slot.end, context.zone)) {
      const used = context.monthlyMinutes.get(month) ?? 0;
      if (used + added > limit) {
        return {
          code: 'MONTHLY_HOURS_EXCEEDED',
          params: {
            hours: policy.monthlyHoursPerOrganization,
            month,
            usedHours: Math.round((used / 60) * 10) / 10,
          },
        };
      }
    }
  }
  return null;
}

/** What the database holds that a request for a span of time is judged against. */
export interface SlotFacts {
  hours: WeeklyHours[];
  /** Closures overlapping the span. */
  closures: Interval[];
  /** Other holding bookings of the room, at least those in the way of the span. */
  holding: HoldingSlot[];
  /** This organisation's holding bookings in the room in the span's months. */
  monthly: Interval[];
}

const DAY = 24 * 60 * MINUTE;

/** The context `checkSlot` judges the occurrences of a request in [span.start, span.end) by. */
export function slotContext(
  room: { timeZone: string; policy: RoomPolicy },
  organizationId: string,
  span: Interval,
  now: number,
  facts: SlotFacts,
): SlotContext {
  const zone = room.timeZone;
  const context: SlotContext = {
    now,
    zone,
    policy: room.policy,
    organizationId,
    // A day either side, so that an evening across midnight is one merged interval.
    open: openIntervals(facts.hours, zone, span.start - DAY, span.end + DAY),
    closures: facts.closures,
    holding: facts.holding,
    monthlyMinutes: monthlyMinutesOf(facts.monthly, zone),
  };
  return context;
}

/**
 * The same room's context for another organisation (a batch of requests for one room by
 * several organisations): the same opening hours, closures and holding bookings — the very
 * array, so that a slot accepted for one is in the way of the other — and its own months.
 */
export function contextFor(
  context: SlotContext,
  organizationId: string,
  monthly: Interval[],
): SlotContext {
  return {
    ...context,
    organizationId,
    monthlyMinutes: monthlyMinutesOf(monthly, context.zone),
  };
}

/** Minutes held per local month "yyyy-MM" by these bookings. */
function monthlyMinutesOf(bookings: Interval[], zone: string): Map<string, number> {
  const result = new Map<string, number>();
  for (const booking of bookings) {
    for (const [month, minutes] of minutesByMonth(booking.start, booking.end, zone)) {
      result.set(month, (result.get(month) ?? 0) + minutes);
    }
  }
  return result;
}

/** Counts an accepted slot, so that the next occurrence of a series sees it. */
export function accept(context: SlotContext, slot: HoldingSlot): void {
  context.holding.push(slot);
  // The months are counted only where a limit reads them (a zone's month costs Luxon time).
  if (context.policy.monthlyHoursPerOrganization === null) return;
  for (const [month, added] of minutesByMonth(slot.start, slot.end, context.zone)) {
    context.monthlyMinutes.set(month, (context.monthlyMinutes.get(month) ?? 0) + added);
  }
}

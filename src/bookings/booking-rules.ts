import { DateTime } from 'luxon';
import { containedIn, Interval, overlaps } from '../common/time/intervals';
import { RoomPolicy } from '../rooms/rooms.contract';

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
  /** Other holding bookings of the room near the span (not the one being moved). */
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
 * The first rule a slot breaks, in the order a person would want to hear it, or null.
 * Slot conflicts are told apart: SLOT_TAKEN when the times overlap, WITHIN_BUFFER when
 * only the buffer between them is too short.
 */
export function checkSlot(context: SlotContext, slot: Interval): Violation | null {
  const { policy } = context;
  const minutes = (slot.end - slot.start) / MINUTE;
  if (minutes < policy.minDurationMinutes) {
    return { code: 'DURATION_TOO_SHORT', params: { minutes: policy.minDurationMinutes } };
  }
  if (minutes > policy.maxDurationMinutes) {
    return { code: 'DURATION_TOO_LONG', params: { minutes: policy.maxDurationMinutes } };
  }
  if (slot.start < context.now + policy.leadTimeHours * 60 * MINUTE) {
    return { code: 'NOTICE_TOO_SHORT', params: { hours: policy.leadTimeHours } };
  }
  if (slot.start > context.now + policy.horizonDays * 24 * 60 * MINUTE) {
    return { code: 'TOO_FAR_AHEAD', params: { days: policy.horizonDays } };
  }
  if (!containedIn(slot, context.open)) return { code: 'OUTSIDE_OPENING_HOURS', params: {} };
  if (context.closures.some((closure) => overlaps(slot, closure))) {
    return { code: 'IN_CLOSURE', params: {} };
  }
  const taken = context.holding.filter((other) => overlaps(slot, other));
  if (taken.length) return { code: 'SLOT_TAKEN', params: {}, blocking: taken };
  const tooClose = context.holding.filter((other) =>
    overlaps(
      { start: slot.start, end: slot.end + policy.bufferMinutes * MINUTE },
      { start: other.start, end: other.end + other.bufferMinutes * MINUTE },
    ),
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

/** Counts an accepted slot, so that the next occurrence of a series sees it. */
export function accept(context: SlotContext, slot: HoldingSlot): void {
  context.holding.push(slot);
  for (const [month, added] of minutesByMonth(slot.start, slot.end, context.zone)) {
    context.monthlyMinutes.set(month, (context.monthlyMinutes.get(month) ?? 0) + added);
  }
}

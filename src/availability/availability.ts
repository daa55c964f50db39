import { blockedIntervals } from '../bookings/bookings.contract';
import { Interval, intersect, subtract } from '../common/time/intervals';
import { openIntervals, WeeklyHours } from '../common/time/opening-hours';

export interface HoldingBooking {
  start: number;
  end: number;
  /** The room's buffer after this booking, in minutes. */
  bufferMinutes: number;
}

export interface AvailabilityInput {
  zone: string;
  hours: WeeklyHours[];
  closures: Interval[];
  bookings: HoldingBooking[];
  /** The buffer a new booking would need (the room's current policy). */
  bufferMinutes: number;
  from: number;
  to: number;
}

export interface Availability {
  open: Interval[];
  busy: Interval[];
  free: Interval[];
}

/**
 * Opening hours − closures − holding bookings (with buffers) = free, and busy is the rest of
 * the open time, so that free ∪ busy = open with no overlap. What a booking blocks is the
 * bookings module's definition (`blockedIntervals`): its own time plus its buffer after it,
 * and the room's buffer before it, which a new booking needs before the next one.
 */
export function computeAvailability(input: AvailabilityInput): Availability {
  const open = openIntervals(input.hours, input.zone, input.from, input.to);
  const blocked = blockedIntervals(input.closures, input.bookings, input.bufferMinutes);
  const busy = intersect(open, blocked);
  return { open, busy, free: subtract(open, busy) };
}

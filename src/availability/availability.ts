import { Interval, intersect, normalise, subtract } from '../common/time/intervals';
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

const MINUTE = 60_000;

/**
 * Opening hours − closures − holding bookings (with buffers) = free, and busy is the rest of
 * the open time, so that free ∪ busy = open with no overlap. A booking blocks its own time
 * plus its buffer after it, and a new booking needs the buffer before the next one: so
 * the time just before a booking is busy for the length of the room's buffer too.
 */
export function computeAvailability(input: AvailabilityInput): Availability {
  const open = openIntervals(input.hours, input.zone, input.from, input.to);
  const blocked = normalise([
    ...input.closures,
    ...input.bookings.map((booking) => ({
      start: booking.start - input.bufferMinutes * MINUTE,
      end: booking.end + booking.bufferMinutes * MINUTE,
    })),
  ]);
  const busy = intersect(open, blocked);
  return { open, busy, free: subtract(open, busy) };
}

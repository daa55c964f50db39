import type { RoomProfile } from '../rooms/rooms.contract';

/**
 * What the bookings module tells this module about a change: plain data, so that
 * notifications never import bookings (bookings imports notifications). A `Booking` entity
 * fits `BookingFacts` as it is.
 */
export interface BookingFacts {
  id: string;
  roomId: string;
  /** The requesting organisation. */
  organizationId: string;
  seriesId: string | null;
  /** The user who made the request; null when that account is gone. */
  requestedBy: string | null;
  status: string;
  startsAt: Date;
  endsAt: Date;
  title: string;
  /** iCalendar SEQUENCE after the change. */
  sequence: number;
  expiresAt: Date | null;
}

/** The room as the change read it, so that the mail need not read it again. */
export type KnownRoom = RoomProfile;

/** Who made the change; absent for the service's own jobs. */
export interface ChangeActor {
  id: string;
  name: string;
}

/**
 * One transition of one or more bookings, as the transaction that makes it sees them after
 * the change. Bookings of one series (or several series) may come together: each series
 * becomes one mail per recipient, not one per occurrence.
 */
export type BookingChange =
  | {
      /** New requests; on rooms with automatic approval they are approved already. */
      kind: 'requested';
      bookings: readonly BookingFacts[];
      actor?: ChangeActor;
      room?: KnownRoom;
    }
  | {
      kind: 'approved' | 'declined' | 'cancelled' | 'expired';
      bookings: readonly BookingFacts[];
      actor?: ChangeActor;
      reason?: string | null;
    }
  | {
      /** A new time; on rooms with manual approval the booking is pending again. */
      kind: 'moved';
      bookings: readonly [BookingFacts];
      previous: { startsAt: Date; endsAt: Date };
      actor?: ChangeActor;
    };

/**
 * Notices a job finds due by time rather than by a change. Each goes out once per event
 * (a reminder per booking and start, a warning per request and deadline), however often and
 * on however many instances the job runs.
 */
export type BookingNotice = 'reminder' | 'expiring';

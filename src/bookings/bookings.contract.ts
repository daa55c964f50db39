/**
 * The rules of a slot for other modules (availability's free intervals, the free-room search
 * through `FreeWindowCheck`): pure functions over plain data, one definition for every path.
 */
export { blockedIntervals, holdingBlock, requestableStarts } from './booking-rules';
export type { HoldingSlot } from './booking-rules';

/**
 * What reports may aggregate of bookings, as an SQL view (migration CreateReportReadModels):
 * `report_bookings`: booking_id, room_id, organization_id, status, starts_at, ends_at,
 * requested_at, decided_at (approval or decline; null while pending), answered_by_owner
 * (a person decided, not the automatic approval).
 */
export const BOOKINGS_READ_MODEL = { bookings: 'report_bookings' } as const;

/** A booking another module made for something of its own (a forum session's room). */
export interface Reservation {
  id: string;
  roomId: string;
  /** pending (tentative until the room's owners approve), approved, declined, cancelled, expired */
  status: string;
  startsAt: Date;
  endsAt: Date;
}

/** What another module asks to book, in the name of `organizationId`. */
export interface ReservationRequest {
  roomId: string;
  organizationId: string;
  startsAt: Date;
  endsAt: Date;
  title: string;
  isPublic: boolean;
}

/**
 * Recurrence as bookings expand it (in the room's zone, wall-clock times kept across DST),
 * for modules that plan their own series of bookings (the forum's monthly sessions).
 */
export { expandSeries, RecurrenceError } from './recurrence';
export type { Occurrence, RecurrenceProblem } from './recurrence';

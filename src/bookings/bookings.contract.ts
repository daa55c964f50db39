/**
 * The rules of a slot for other modules (availability's free intervals, the free-room search
 * through `FreeWindowCheck`): pure functions over plain data, one definition for every path.
 */
export { blockedIntervals, holdingBlock } from './booking-rules';
export type { HoldingSlot } from './booking-rules';

/**
 * What reports may aggregate of bookings, as an SQL view (migration CreateReportReadModels):
 * `report_bookings`: booking_id, room_id, organization_id, status, starts_at, ends_at,
 * requested_at, decided_at (approval or decline; null while pending), answered_by_owner
 * (a person decided, not the automatic approval).
 */
export const BOOKINGS_READ_MODEL = { bookings: 'report_bookings' } as const;

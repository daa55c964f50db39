import { RoomOccupancy } from '../rooms/rooms.contract';
import { HOLDING_STATUSES } from './booking.entity';

/**
 * A new booking of [from, to) keeps [from, to + the room's buffer); it collides with a
 * holding booking whose period (its own buffer included) overlaps that — exactly what the
 * exclusion constraint refuses.
 */
export const bookingOccupancy: RoomOccupancy = {
  // The bookings in the window (widened by the largest buffer) come from one scan of a
  // period index and are hashed, instead of one index probe per candidate room. This is the
  // one place where bookings' SQL reads a room column (its buffer): the price of that scan.
  takenCondition: (room) => `${room}.id IN (
    SELECT b.room_id FROM bookings b JOIN rooms br ON br.id = b.room_id
     WHERE b.status IN (${HOLDING_STATUSES.map((status) => `'${status}'`).join(', ')})
       AND b.period && tstzrange(CAST(:freeFrom AS timestamptz),
             CAST(:freeTo AS timestamptz) + make_interval(mins => (SELECT max(buffer_minutes) FROM rooms)))
       AND b.period && tstzrange(CAST(:freeFrom AS timestamptz),
             rfe_plus_minutes(CAST(:freeTo AS timestamptz), br.buffer_minutes)))`,
};

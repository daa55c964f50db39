import { Global, Module } from '@nestjs/common';
import { ROOM_OCCUPANCY, RoomOccupancy } from '../rooms/room-occupancy';
import { HOLDING_STATUSES } from './booking.entity';

/**
 * A new booking of [from, to) keeps [from, to + the room's buffer); it collides with a
 * holding booking whose period (its own buffer included) overlaps that — exactly what the
 * exclusion constraint refuses.
 */
export const bookingOccupancy: RoomOccupancy = {
  takenCondition: (room) => `EXISTS (
    SELECT 1 FROM bookings b
     WHERE b.room_id = ${room}.id
       AND b.status IN (${HOLDING_STATUSES.map((status) => `'${status}'`).join(', ')})
       AND b.period && tstzrange(CAST(:freeFrom AS timestamptz),
                                 rfe_plus_minutes(CAST(:freeTo AS timestamptz), ${room}.buffer_minutes)))`,
};

/** Global so that the rooms module can use it without importing the bookings module. */
@Global()
@Module({
  providers: [{ provide: ROOM_OCCUPANCY, useValue: bookingOccupancy }],
  exports: [ROOM_OCCUPANCY],
})
export class BookingOccupancyModule {}

import { Global, Module } from '@nestjs/common';
import { BOOKING_FEED_SOURCE } from '../calendar/calendar.contract';
import { ROOM_OCCUPANCY } from '../rooms/rooms.contract';
import { bookingOccupancy } from './booking-occupancy';
import { BookingQueriesService } from './booking-queries.service';
import { BookingsModule } from './bookings.module';

/**
 * What bookings provide to modules that must not import bookings (bookings import them):
 * the catalogue search's occupancy condition (rooms) and the feeds' bookings (calendar).
 * Global, so that those modules find the tokens they declare without importing this one.
 */
@Global()
@Module({
  imports: [BookingsModule],
  providers: [
    { provide: ROOM_OCCUPANCY, useValue: bookingOccupancy },
    { provide: BOOKING_FEED_SOURCE, useExisting: BookingQueriesService },
  ],
  exports: [ROOM_OCCUPANCY, BOOKING_FEED_SOURCE],
})
export class BookingPortsModule {}

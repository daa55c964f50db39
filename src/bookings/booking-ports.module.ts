import { Global, Module } from '@nestjs/common';
import { BOOKING_FEED_SOURCE } from '../calendar/calendar.contract';
import { FREE_WINDOW_CHECK } from '../rooms/rooms.contract';
import { BookingFreeWindowService } from './booking-free-window.service';
import { BookingQueriesService } from './booking-queries.service';
import { BookingsModule } from './bookings.module';

/**
 * What bookings provide to modules that must not import bookings (bookings import them):
 * the free-room search's judge (rooms) and the feeds' bookings (calendar).
 * Global, so that those modules find the tokens they declare without importing this one.
 */
@Global()
@Module({
  imports: [BookingsModule],
  providers: [
    { provide: FREE_WINDOW_CHECK, useExisting: BookingFreeWindowService },
    { provide: BOOKING_FEED_SOURCE, useExisting: BookingQueriesService },
  ],
  exports: [FREE_WINDOW_CHECK, BOOKING_FEED_SOURCE],
})
export class BookingPortsModule {}

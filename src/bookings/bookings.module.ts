import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { RoomsModule } from '../rooms/rooms.module';
import { BookingAccessService } from './booking-access.service';
import { BookingDecisionsService } from './booking-decisions.service';
import { BookingExpiryService } from './booking-expiry.service';
import { BookingFreeWindowService } from './booking-free-window.service';
import { BookingQueriesService } from './booking-queries.service';
import { BookingRemindersService } from './booking-reminders.service';
import { BookingRequestsService } from './booking-requests.service';
import { BookingSeriesController } from './booking-series.controller';
import { BookingSlotsService } from './booking-slots.service';
import { BookingsController } from './bookings.controller';
import { RoomReservationsService } from './room-reservations.service';

/**
 * Requests, decisions, series, expiry and reminders; every change queues its mails through
 * `NotificationsService`. Availability reads holding bookings through `BookingQueriesService`.
 */
@Module({
  imports: [RoomsModule, OrganizationsModule, AuditModule, NotificationsModule],
  controllers: [BookingsController, BookingSeriesController],
  providers: [
    BookingAccessService,
    BookingSlotsService,
    BookingRequestsService,
    BookingDecisionsService,
    BookingQueriesService,
    BookingExpiryService,
    BookingRemindersService,
    BookingFreeWindowService,
    RoomReservationsService,
  ],
  exports: [
    BookingQueriesService,
    BookingFreeWindowService,
    // For the web pages, which request, decide and cancel as the API does.
    BookingRequestsService,
    BookingDecisionsService,
    RoomReservationsService,
  ],
})
export class BookingsModule {}

import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { RoomsModule } from '../rooms/rooms.module';
import { CalendarFeedsController } from './calendar-feeds.controller';
import { CalendarFeedsService } from './calendar-feeds.service';
import { CalendarTokensController } from './calendar-tokens.controller';
import { CalendarTokensService } from './calendar-tokens.service';
import { EventFeedSourcesService } from './event-feed-sources.service';
import { FeedPublisherService } from './feed-publisher.service';

/**
 * iCalendar feeds: public per room, private per secret link. The rendering of a booking as
 * an event (`ical/booking-event.ts`) is plain functions, shared with the mailed invitations.
 * Bookings come from the `BookingFeedSource` the bookings module provides; other events
 * (mentors' meetings, forum sessions) from the `EventFeedSource`s that register with
 * `EventFeedSourcesService`.
 */
@Module({
  imports: [RoomsModule, OrganizationsModule, IdentityModule],
  controllers: [CalendarFeedsController, CalendarTokensController],
  providers: [
    CalendarTokensService,
    CalendarFeedsService,
    FeedPublisherService,
    EventFeedSourcesService,
  ],
  exports: [CalendarTokensService, EventFeedSourcesService],
})
export class CalendarModule {}

import { Module, Type } from '@nestjs/common';
import { CalendarModule } from '../../calendar/calendar.module';
import { OrganizationsModule } from '../../organizations/organizations.module';
import { RoomsModule } from '../../rooms/rooms.module';
import { ManageWebModule } from '../manage.module';
import { WebModule } from '../web.module';
import { FeedsPage } from './feeds.page';
import { OwnerViews } from './owner-views.service';
import { RoomSchedulePage } from './room-schedule.page';
import { VenuesPage } from './venues.page';

export const OWNER_PAGE_CONTROLLERS: Type[] = [VenuesPage, RoomSchedulePage, FeedsPage];

/**
 * Room owners' pages (venues, rooms, opening hours, closures) and everyone's private feed
 * links, on the rooms and calendar services the API uses.
 */
@Module({
  imports: [WebModule, ManageWebModule, OrganizationsModule, RoomsModule, CalendarModule],
  controllers: OWNER_PAGE_CONTROLLERS,
  providers: [OwnerViews],
})
export class OwnerWebModule {}

import { Module, Type } from '@nestjs/common';
import { BookingsModule } from '../bookings/bookings.module';
import { IdentityModule } from '../identity/identity.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { RoomsModule } from '../rooms/rooms.module';
import { BookingViews } from './bookings/booking-views.service';
import { BookingsPage } from './bookings/bookings.page';
import { OrganizationsPage } from './organizations/organizations.page';
import { WebModule } from './web.module';

/** The pages where organisations, owners and staff act: kept out of `/api` like the shell's. */
export const MANAGE_PAGE_CONTROLLERS: Type[] = [OrganizationsPage, BookingsPage];

/**
 * Pages for organisations (members, requests, bookings) and room owners (decisions), on
 * the same services as the API's controllers; the shell's renderer and guard come from
 * WebModule.
 */
@Module({
  imports: [WebModule, IdentityModule, OrganizationsModule, RoomsModule, BookingsModule],
  controllers: MANAGE_PAGE_CONTROLLERS,
  providers: [BookingViews],
  exports: [BookingViews],
})
export class ManageWebModule {}

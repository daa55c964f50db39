import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module';
import { RoomAccessService } from './room-access.service';
import { RoomScheduleController } from './room-schedule.controller';
import { RoomScheduleService } from './room-schedule.service';
import { RoomSearchService } from './room-search.service';
import { RoomsController } from './rooms.controller';
import { RoomsService } from './rooms.service';
import { VenuesController } from './venues.controller';
import { VenuesService } from './venues.service';

/**
 * Venues, rooms, opening hours, closures and the catalogue search. Other modules use
 * `RoomsService` (profiles: plain read models, see `rooms.contract.ts`) and
 * `RoomScheduleService` (opening hours, closures); never the entities.
 */
@Module({
  imports: [OrganizationsModule],
  controllers: [VenuesController, RoomsController, RoomScheduleController],
  providers: [
    RoomAccessService,
    VenuesService,
    RoomsService,
    RoomSearchService,
    RoomScheduleService,
  ],
  exports: [RoomsService, RoomScheduleService, RoomSearchService, VenuesService],
})
export class RoomsModule {}

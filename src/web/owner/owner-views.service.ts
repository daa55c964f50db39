import { Injectable } from '@nestjs/common';
import { Actor } from '../../common/auth/actor';
import { OrganizationsService } from '../../organizations/organizations.service';
import { RoomsService } from '../../rooms/rooms.service';
import { VenuesService } from '../../rooms/venues.service';

/** Most organisations a user is in that the owners' overview lists. */
const ORGANIZATIONS = 20;

/** What the owners' pages show around the rooms services' answers, and who may see it. */
@Injectable()
export class OwnerViews {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly venues: VenuesService,
    private readonly rooms: RoomsService,
  ) {}

  /** My organisations, each with its venues and their rooms (inactive ones too). */
  myVenues(actor: Actor) {
    return this.venues.ofMemberRemembered(actor.id, ORGANIZATIONS);
  }

  /** A venue its owners change: 404 when there is none, 403 for everyone else (as the API). */
  async manageableVenue(actor: Actor, id: string) {
    const venue = await this.venues.get(id);
    await this.organizations.assertMember(actor, venue.organizationId);
    return venue;
  }

  /** A room its owners change: 404 as for reading, then 403 unless an owner (as the API). */
  async manageableRoom(actor: Actor, id: string) {
    const room = await this.rooms.get(actor, id);
    await this.organizations.assertMember(actor, room.venue.organizationId);
    return room;
  }
}

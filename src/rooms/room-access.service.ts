import { Injectable } from '@nestjs/common';
import { Actor } from '../common/auth/actor';
import { OrganizationsService } from '../organizations/organizations.service';
import { Room } from './room.entity';
import { RoomErrors } from './rooms.errors';
import { Venue } from './venue.entity';
import { Database } from '../database/database';

/** A room, its venue, and whether the caller belongs to the organisation that owns them. */
export interface RoomInContext {
  room: Room;
  venue: Venue;
  /** Member of the owning organisation, or an admin: sees inactive rooms and closure reasons. */
  insider: boolean;
}

/**
 * Who may see and who may change a room. Inactive rooms are answered with 404 to everyone
 * outside the owning organisation, as if they did not exist, so that a draft stays private.
 */
@Injectable()
export class RoomAccessService {
  constructor(
    private readonly db: Database,
    private readonly organizations: OrganizationsService,
  ) {}

  private get rooms() {
    return this.db.repository(Room);
  }

  async visibleRoom(actor: Actor | undefined, id: string): Promise<RoomInContext> {
    const { room, venue } = await this.findRoom(id);
    const insider = await this.isInsider(actor, venue.organizationId);
    if (!room.active && !insider) throw RoomErrors.ROOM_NOT_FOUND();
    return { room, venue, insider };
  }

  /** For changes: 404 as for reading, then 403 unless a member of the owning organisation. */
  async manageableRoom(actor: Actor, id: string): Promise<RoomInContext> {
    const found = await this.visibleRoom(actor, id);
    if (!found.insider) await this.organizations.assertMember(actor, found.venue.organizationId);
    return found;
  }

  async isInsider(actor: Actor | undefined, organizationId: string): Promise<boolean> {
    if (!actor) return false;
    if (actor.isAdmin) return true;
    return (await this.organizations.roleOf(actor.id, organizationId)) !== null;
  }

  /** The organisations whose inactive rooms the caller sees; `all` for admins. */
  async insiderOrganizationIds(actor: Actor | undefined): Promise<string[] | 'all'> {
    if (!actor) return [];
    if (actor.isAdmin) return 'all';
    return this.organizations.organizationIdsOf(actor.id);
  }

  /** The room with its venue, whoever asks. */
  async findRoom(id: string): Promise<{ room: Room; venue: Venue }> {
    const room = await this.rooms
      .createQueryBuilder('room')
      .innerJoinAndSelect('room.venue', 'venue')
      .where('room.id = :id', { id })
      .getOne();
    if (!room?.venue) throw RoomErrors.ROOM_NOT_FOUND();
    return { room, venue: room.venue };
  }
}

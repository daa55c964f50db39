import { Injectable } from '@nestjs/common';
import { Actor } from '../common/auth/actor';
import { verifiedOrganizationSql } from '../organizations/organizations.contract';
import { OrganizationsService } from '../organizations/organizations.service';
import { Room } from './room.entity';
import { RoomErrors } from './rooms.errors';
import { Venue } from './venue.entity';
import { Database } from '../database/database';

/**
 * SQL over a room (alias `room`) and its venue (alias `venue`): whether the public sees the
 * room — it is active, and an admin has verified the organisation that owns its venue. The
 * one place this is decided: the catalogue search (free-window search included), a room's
 * page, opening hours, closures, availability and feed, and booking requests all ask here.
 */
export const listedSql = (room = 'r', venue = 'v'): string =>
  `(${room}.active AND ${listedVenueSql(venue)})`;

/** A venue the public sees: its organisation is verified (the rooms add being active). */
export const listedVenueSql = (venue = 'v'): string =>
  verifiedOrganizationSql(`${venue}.organization_id`);

/** A room, its venue, and whether the caller belongs to the organisation that owns them. */
export interface RoomInContext {
  room: Room;
  venue: Venue;
  /** Member of the owning organisation, or an admin: sees unlisted rooms and closure reasons. */
  insider: boolean;
  /** Shown to the public (`listedSql`). */
  listed: boolean;
}

/**
 * Who may see and who may change a room. Rooms the public does not see — inactive ones, and
 * those of an organisation not yet verified — are answered with 404 to everyone outside the
 * owning organisation (admins aside), as if they did not exist, so that nothing leaks.
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
    const { room, venue, listed } = await this.findRoom(id);
    const insider = await this.isInsider(actor, venue.organizationId);
    if (!listed && !insider) throw RoomErrors.ROOM_NOT_FOUND();
    return { room, venue, insider, listed };
  }

  /**
   * As `visibleRoom`, for a caller who need not know whether they are an insider: whether they
   * are is asked only about a room the public does not see (a query less for a signed-in
   * person's room page, request form and availability).
   */
  async readableRoom(
    actor: Actor | undefined,
    id: string,
  ): Promise<{ room: Room; venue: Venue; listed: boolean }> {
    const found = await this.findRoom(id);
    if (!found.listed && !(await this.isInsider(actor, found.venue.organizationId))) {
      throw RoomErrors.ROOM_NOT_FOUND();
    }
    return found;
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

  /** The organisations whose unlisted rooms the caller sees; `all` for admins. */
  async insiderOrganizationIds(actor: Actor | undefined): Promise<string[] | 'all'> {
    if (!actor) return [];
    if (actor.isAdmin) return 'all';
    return this.organizations.organizationIdsOf(actor.id);
  }

  /** The room with its venue, whoever asks, and whether the public sees it. */
  async findRoom(id: string): Promise<{ room: Room; venue: Venue; listed: boolean }> {
    const {
      entities: [room],
      raw: [row],
    } = await this.rooms
      .createQueryBuilder('r')
      .innerJoinAndSelect('r.venue', 'v')
      .addSelect(listedSql(), 'listed')
      .where('r.id = :id', { id })
      .getRawAndEntities<{ listed: boolean }>();
    if (!room?.venue) throw RoomErrors.ROOM_NOT_FOUND();
    return { room, venue: room.venue, listed: row.listed };
  }
}

import { Injectable } from '@nestjs/common';
import { Actor } from '../common/auth/actor';
import { DomainError } from '../common/errors/domain-error';
import {
  memberOfOrganizationSql,
  verifiedOrganizationSql,
} from '../organizations/organizations.contract';
import { OrganizationsService } from '../organizations/organizations.service';
import { Room } from './room.entity';
import { POLICY_COLUMNS, policyOfRow, PolicyRow } from './room-policy';
import { RoomPolicy } from './rooms.contract';
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

/** What a room's profile (`RoomProfile`) is made of, of the room and of its venue. */
export type ProfiledRoom = Pick<
  Room,
  'id' | 'name' | 'venueId' | 'timeZone' | 'capacity' | 'active' | 'updatedAt' | keyof RoomPolicy
>;
export type ProfiledVenue = Pick<
  Venue,
  'name' | 'street' | 'postalCode' | 'city' | 'organizationId' | 'updatedAt'
>;

/** What `profiledRoom` answers: a room's profile's parts, and whether the public sees it. */
export interface ProfiledRoomInContext {
  room: ProfiledRoom;
  venue: ProfiledVenue;
  listed: boolean;
}

interface ProfileRow extends PolicyRow {
  n: string;
  id: string;
  name: string;
  venue_id: string;
  time_zone: string;
  capacity: number;
  active: boolean;
  updated_at: Date;
  venue_name: string;
  street: string;
  postal_code: string;
  city: string;
  organization_id: string;
  venue_updated_at: Date;
  listed: boolean;
  member: boolean;
}

/**
 * Rooms with their venues, whether the public sees each, and whether each asking user (may be
 * null) belongs to the owning organisation: one plain statement, prepared, for the paths that
 * need only rooms' profiles (every booking request reads them under the rooms' locks; a batch
 * of requests reads all of its rooms at once). `$1` the room ids, `$2` the users, pairwise;
 * `n` the pair's position (from 1). Each pair looks up its own room by key (LATERAL … OFFSET
 * 0): the same plan however many pairs, also as a generic plan (`Database.transaction`).
 */
const PROFILE_SQL = `SELECT asked.n, p.*
  FROM unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY AS asked (room_id, user_id, n)
  CROSS JOIN LATERAL (
    SELECT r.id, r.name, r.venue_id, r.time_zone, r.capacity, r.active, r.updated_at,
           ${POLICY_COLUMNS.map((column) => `r.${column}`).join(', ')},
           v.name AS venue_name, v.street, v.postal_code, v.city, v.organization_id,
           v.updated_at AS venue_updated_at,
           ${listedSql()} AS listed,
           ${memberOfOrganizationSql('v.organization_id', 'asked.user_id')} AS member
      FROM rooms r JOIN venues v ON v.id = r.venue_id
     WHERE r.id = asked.room_id
    OFFSET 0) p`;

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
    assertSeen(listed, insider);
    return { room, venue, insider, listed };
  }

  /**
   * As `visibleRoom` (the same rule), for what a room's profile needs, in one statement that
   * also tells whether the caller is a member of the owning organisation. Without `actor`: the
   * room whoever asks, listed or not (`seenBy: false` skips the rule).
   */
  async profiledRoom(
    actor: Actor | undefined,
    id: string,
    { seenBy = true }: { seenBy?: boolean } = {},
  ): Promise<ProfiledRoomInContext> {
    const [found] = await this.profiledRooms([{ actor, roomId: id }], { seenBy });
    if (found instanceof Error) throw found;
    return found;
  }

  /**
   * As `profiledRoom` for several rooms, each asked by its own caller, in one statement: for
   * each pair, in order, what `profiledRoom` would answer, or the error it would throw.
   */
  async profiledRooms(
    asked: readonly { actor: Actor | undefined; roomId: string }[],
    { seenBy = true }: { seenBy?: boolean } = {},
  ): Promise<(ProfiledRoomInContext | DomainError)[]> {
    const rows = await this.db.prepared<ProfileRow[]>(PROFILE_SQL, [
      asked.map((a) => a.roomId),
      asked.map((a) => a.actor?.id ?? null),
    ]);
    const byPosition = new Map(rows.map((row) => [Number(row.n), row]));
    return asked.map(({ actor }, i) => {
      const row = byPosition.get(i + 1);
      if (!row) return RoomErrors.ROOM_NOT_FOUND();
      if (seenBy && !seen(row.listed, !!actor && (actor.isAdmin || row.member))) {
        return RoomErrors.ROOM_NOT_FOUND();
      }
      return profiledOfRow(row);
    });
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

function profiledOfRow(row: ProfileRow): ProfiledRoomInContext {
  const room: ProfiledRoom = {
    id: row.id,
    name: row.name,
    venueId: row.venue_id,
    timeZone: row.time_zone,
    capacity: row.capacity,
    active: row.active,
    updatedAt: row.updated_at,
    ...policyOfRow(row),
  };
  const venue: ProfiledVenue = {
    name: row.venue_name,
    street: row.street,
    postalCode: row.postal_code,
    city: row.city,
    organizationId: row.organization_id,
    updatedAt: row.venue_updated_at,
  };
  return { room, venue, listed: row.listed };
}

/** Rooms the public does not see are unknown to everyone but their insiders. */
function assertSeen(listed: boolean, insider: boolean): void {
  if (!seen(listed, insider)) throw RoomErrors.ROOM_NOT_FOUND();
}

/** Whether a room is seen: by everyone when listed, else by its insiders only. */
function seen(listed: boolean, insider: boolean): boolean {
  return listed || insider;
}

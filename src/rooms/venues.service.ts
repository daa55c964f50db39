import { Injectable } from '@nestjs/common';
import { Actor } from '../common/auth/actor';
import { FOREIGN_KEY_VIOLATION, sqlStateOf } from '../common/errors/sql-state';
import { page, PageDto } from '../common/pagination/page';
import { organizationsOfMemberSql } from '../organizations/organizations.contract';
import { OrganizationsService } from '../organizations/organizations.service';
import { CreateVenueDto } from './dto/create-venue.dto';
import { UpdateVenueDto } from './dto/update-venue.dto';
import { VenueQueryDto } from './dto/venue-query.dto';
import { toVenueResponse, VenueResponseDto } from './dto/venue.response.dto';
import { definedFields } from './defined-fields';
import { Room } from './room.entity';
import { RoomErrors } from './rooms.errors';
import { Venue } from './venue.entity';
import { Database } from '../database/database';
import { DatabaseChanges } from '../database/database-changes';
import { deepFreeze, RememberedAnswers } from '../database/remembered-answers';
import { listedVenueSql, RoomAccessService } from './room-access.service';

/** How many of a venue's rooms a refused deletion names. */
const LISTED_ROOMS = 20;
/** Most venues of an organisation, and rooms of a venue, that the owners' overview lists. */
const LISTED_VENUES = 100;

/** An owners' overview as remembered: its JSON (what the budget counts) and the value, frozen. */
interface RememberedVenues {
  body: Buffer;
  venues: readonly MemberVenues[];
}

/** Overviews remembered per process, a few KiB each. */
const REMEMBERED = { maxEntries: 5_000, maxBytes: 8 * 1024 * 1024 };

@Injectable()
export class VenuesService {
  private readonly remembered: RememberedAnswers<RememberedVenues>;

  constructor(
    private readonly db: Database,
    private readonly organizations: OrganizationsService,
    private readonly access: RoomAccessService,
    changes: DatabaseChanges,
  ) {
    this.remembered = new RememberedAnswers(changes, REMEMBERED);
  }

  private get venues() {
    return this.db.repository(Venue);
  }

  private get rooms() {
    return this.db.repository(Room);
  }

  async create(actor: Actor, input: CreateVenueDto): Promise<VenueResponseDto> {
    // An unknown organisation is a 404 for everyone, before anyone is told they may not act for it.
    await this.organizations.summary(input.organizationId);
    await this.organizations.assertMember(actor, input.organizationId);
    const venue = await this.venues.save(
      this.venues.create({
        organizationId: input.organizationId,
        name: input.name,
        ...input.address,
        district: input.district,
        accessibilityNotes: input.accessibilityNotes ?? null,
        description: input.description ?? null,
        inKindHourlyRateCents: input.inKindHourlyRateCents ?? null,
      }),
    );
    return this.get(venue.id);
  }

  /**
   * Venues as the caller may see them: those of verified organisations, and, for members
   * and admins, their own organisations' others (as rooms are shown, `listedSql`).
   */
  async list(actor: Actor | undefined, query: VenueQueryDto): Promise<PageDto<VenueResponseDto>> {
    const builder = this.venues.createQueryBuilder('v').limit(query.limit).offset(query.offset);
    const insiderOf = await this.access.insiderOrganizationIds(actor);
    if (insiderOf !== 'all') {
      builder.andWhere(
        `(${listedVenueSql()} OR v.organization_id = ANY(CAST(:insiderOf AS uuid[])))`,
        { insiderOf },
      );
    }
    if (query.organizationId) {
      builder.andWhere('v.organization_id = :organizationId', {
        organizationId: query.organizationId,
      });
    }
    if (query.district) {
      builder.andWhere('lower(v.district) = lower(:district)', { district: query.district });
    }
    if (query.q) {
      builder
        .andWhere(
          `(v.search @@ websearch_to_tsquery('german', :q) OR v.search @@ websearch_to_tsquery('english', :q))`,
          { q: query.q },
        )
        .orderBy(
          `ts_rank(v.search, websearch_to_tsquery('german', :q)) + ts_rank(v.search, websearch_to_tsquery('english', :q))`,
          'DESC',
        );
    }
    builder.addOrderBy('lower(v.name)').addOrderBy('v.id');
    const [venues, total] = await builder.getManyAndCount();
    return page(venues.map(toVenueResponse), total, query);
  }

  async get(id: string): Promise<VenueResponseDto> {
    return toVenueResponse(await this.find(id));
  }

  /** One venue for the public route: 404 to outsiders while its organisation is unverified. */
  async visible(actor: Actor | undefined, id: string): Promise<VenueResponseDto> {
    const venue = await this.find(id);
    const listed = await this.venues
      .createQueryBuilder('v')
      .where('v.id = :id', { id })
      .andWhere(listedVenueSql())
      .getExists();
    if (!listed && !(await this.access.isInsider(actor, venue.organizationId))) {
      throw RoomErrors.VENUE_NOT_FOUND();
    }
    return toVenueResponse(venue);
  }

  async update(actor: Actor, id: string, input: UpdateVenueDto): Promise<VenueResponseDto> {
    const venue = await this.find(id);
    await this.organizations.assertMember(actor, venue.organizationId);
    const { address, ...fields } = input;
    const changes: Partial<Venue> = { ...definedFields(fields), ...definedFields(address ?? {}) };
    if (Object.keys(changes).length) await this.venues.update(id, changes);
    return this.get(id);
  }

  /** A venue with rooms stays: its rooms carry bookings, so they are deleted one by one first. */
  async remove(actor: Actor, id: string): Promise<void> {
    const venue = await this.find(id);
    await this.organizations.assertMember(actor, venue.organizationId);
    const [rooms, count] = await this.rooms.findAndCount({
      where: { venueId: id },
      select: { id: true, name: true },
      order: { name: 'ASC' },
      take: LISTED_ROOMS,
    });
    if (count > 0) throw this.hasRooms(count, rooms);
    try {
      await this.venues.delete(id);
    } catch (error) {
      // A room added between the check and the delete: the foreign key refuses it.
      if (sqlStateOf(error) === FOREIGN_KEY_VIOLATION) {
        throw this.hasRooms(1, []);
      }
      throw error;
    }
  }

  /**
   * For the owners' overview: the organisations `userId` is a member of (at most
   * `organizations`, by name), each with its venues and their rooms, inactive ones too (its
   * members may see them all). One query, however many organisations and venues.
   */
  async ofMember(userId: string, organizations: number): Promise<MemberVenues[]> {
    const rows = await this.db.prepared<MemberVenueRow[]>(
      `SELECT o.id AS organization_id, o.name AS organization_name,
              v.id AS venue_id, v.name AS venue_name, v.street, v.postal_code, v.city,
              r.id AS room_id, r.name AS room_name, r.capacity, r.active
         FROM (SELECT * FROM (${organizationsOfMemberSql('$1')}) o
                ORDER BY lower(o.name), o.id LIMIT $2) o
         LEFT JOIN LATERAL (SELECT * FROM venues v WHERE v.organization_id = o.id
                             ORDER BY lower(v.name), v.id LIMIT ${LISTED_VENUES}) v ON true
         LEFT JOIN LATERAL (SELECT * FROM rooms r WHERE r.venue_id = v.id
                             ORDER BY lower(r.name), r.id LIMIT ${LISTED_VENUES}) r ON true
        ORDER BY lower(o.name), o.id, lower(v.name), v.id, lower(r.name), r.id`,
      [userId, organizations],
    );
    const found = new Map<string, MemberVenues>();
    const venues = new Map<string, MemberVenues['venues'][number]>();
    for (const row of rows) {
      let organization = found.get(row.organization_id);
      if (!organization) {
        organization = { id: row.organization_id, name: row.organization_name, venues: [] };
        found.set(row.organization_id, organization);
      }
      if (row.venue_id === null) continue;
      let venue = venues.get(row.venue_id);
      if (!venue) {
        venue = {
          id: row.venue_id,
          name: row.venue_name,
          address: { street: row.street, postalCode: row.postal_code, city: row.city },
          rooms: [],
        };
        venues.set(row.venue_id, venue);
        organization.venues.push(venue);
      }
      if (row.room_id === null) continue;
      venue.rooms.push({
        id: row.room_id,
        name: row.room_name,
        capacity: row.capacity,
        active: row.active,
      });
    }
    return [...found.values()];
  }

  /**
   * As `ofMember`, remembered while nothing it shows was announced (src/database/README.md):
   * the user's memberships (`memberships:<user>`), the organisations' names
   * (`organization:<id>`), venues and rooms (`catalogue`). The same object (frozen) is given
   * while it is remembered, so a page may keep what it made of it. Without announcements
   * every call reads the database.
   */
  async ofMemberRemembered(
    userId: string,
    organizations: number,
  ): Promise<readonly MemberVenues[]> {
    const { venues } = await this.remembered.answer(`${userId}|${organizations}`, async () => {
      const found = await this.ofMember(userId, organizations);
      return {
        body: Buffer.from(JSON.stringify(found)),
        venues: deepFreeze(found),
        keep: {
          subjects: [
            `memberships:${userId}`,
            'catalogue',
            ...found.map((organization) => `organization:${organization.id}`),
          ],
          expiresAt: Infinity,
        },
      };
    });
    return venues;
  }

  /** The venue, whoever asks (venues are public); 404 when there is none. */
  async find(id: string): Promise<Venue> {
    const venue = await this.venues.findOne({ where: { id } });
    if (!venue) throw RoomErrors.VENUE_NOT_FOUND();
    return venue;
  }

  private hasRooms(count: number, rooms: Pick<Room, 'id' | 'name'>[]) {
    return RoomErrors.VENUE_HAS_ROOMS(
      { count },
      { conflicts: rooms.map((room) => ({ roomId: room.id, name: room.name })) },
    );
  }
}

/** An organisation's venues and rooms as its members' overview lists them. */
export interface MemberVenues {
  id: string;
  name: string;
  venues: {
    id: string;
    name: string;
    address: { street: string; postalCode: string; city: string };
    rooms: { id: string; name: string; capacity: number; active: boolean }[];
  }[];
}

interface MemberVenueRow {
  organization_id: string;
  organization_name: string;
  venue_id: string | null;
  venue_name: string;
  street: string;
  postal_code: string;
  city: string;
  room_id: string | null;
  room_name: string;
  capacity: number;
  active: boolean;
}

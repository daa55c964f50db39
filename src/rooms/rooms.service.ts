import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Actor } from '../common/auth/actor';
import { CommonErrors, DomainError, FieldError } from '../common/errors/domain-error';
import { FOREIGN_KEY_VIOLATION, sqlStateOf } from '../common/errors/sql-state';
import { OrganizationsService } from '../organizations/organizations.service';
import { definedFields } from './defined-fields';
import { CreateRoomDto } from './dto/create-room.dto';
import { RoomResponseDto, toRoomResponse } from './dto/room.response.dto';
import { UpdateRoomDto } from './dto/update-room.dto';
import { ProfiledRoom, ProfiledVenue, RoomAccessService } from './room-access.service';
import { mergePrice, policyErrors, Price } from './room-input.rules';
import { policyOf } from './room-policy';
import { RoomScheduleService } from './room-schedule.service';
import { DEFAULT_TIME_ZONE, Room, ROOM_POLICY_DEFAULTS } from './room.entity';
import { RoomProfile, RoomPolicy } from './rooms.contract';
import { RoomErrors } from './rooms.errors';
import { VenuesService } from './venues.service';
import { Database } from '../database/database';
import { DatabaseChanges } from '../database/database-changes';
import { RememberedAnswers } from '../database/remembered-answers';

const FREE: Price = { kind: 'free', amountCents: null, currency: null };

/** Profiles kept in memory (`visibleProfileRemembered`): well under a kilobyte each. */
const REMEMBERED = { maxEntries: 5_000, maxBytes: 8 * 1024 * 1024 };

@Injectable()
export class RoomsService {
  private readonly remembered: RememberedAnswers;

  constructor(
    private readonly db: Database,
    private readonly access: RoomAccessService,
    private readonly venues: VenuesService,
    private readonly schedule: RoomScheduleService,
    private readonly organizations: OrganizationsService,
    changes: DatabaseChanges,
  ) {
    this.remembered = new RememberedAnswers(changes, REMEMBERED);
  }

  private get rooms() {
    return this.db.repository(Room);
  }

  async create(actor: Actor, input: CreateRoomDto): Promise<RoomResponseDto> {
    const venue = await this.venues.find(input.venueId);
    await this.organizations.assertMember(actor, venue.organizationId);
    const sentPolicy = definedFields(input.policy ?? {});
    const policy: RoomPolicy = { ...ROOM_POLICY_DEFAULTS, ...sentPolicy };
    const { price, errors } = mergePrice(FREE, definedFields(input.price ?? {}));
    assertValid([...errors, ...policyErrors(policy, sentPolicy)]);

    const room = await this.insert(
      this.rooms.create({
        venueId: venue.id,
        name: input.name,
        description: input.description ?? null,
        capacity: input.capacity,
        areaSqm: input.areaSqm ?? null,
        features: input.features ?? [],
        stepFree: input.accessibility?.stepFree ?? false,
        accessibleToilet: input.accessibility?.accessibleToilet ?? false,
        hearingLoop: input.accessibility?.hearingLoop ?? false,
        photos: input.photos ?? [],
        priceKind: price.kind,
        priceAmountCents: price.amountCents,
        priceCurrency: price.currency,
        timeZone: canonicalZone(input.timeZone ?? DEFAULT_TIME_ZONE),
        active: input.active ?? true,
        ...policy,
      }),
    );
    return this.get(actor, room.id);
  }

  private async insert(room: Room): Promise<Room> {
    try {
      return await this.rooms.save(room);
    } catch (error) {
      // The venue was deleted after it was looked up: its foreign key refuses the room.
      if (sqlStateOf(error) === FOREIGN_KEY_VIOLATION) {
        throw RoomErrors.VENUE_NOT_FOUND();
      }
      throw error;
    }
  }

  async get(actor: Actor | undefined, id: string): Promise<RoomResponseDto> {
    const { room, venue, listed } = await this.access.readableRoom(actor, id);
    return toRoomResponse(room, venue, await this.schedule.openingHoursOf(id), listed);
  }

  async update(actor: Actor, id: string, input: UpdateRoomDto): Promise<RoomResponseDto> {
    const { room } = await this.access.manageableRoom(actor, id);
    const { accessibility, price: priceChange, policy: policyChange, timeZone, ...fields } = input;
    const sentPolicy = definedFields(policyChange ?? {});
    const policy: RoomPolicy = { ...policyOf(room), ...sentPolicy };
    const current: Price = {
      kind: room.priceKind,
      amountCents: room.priceAmountCents,
      currency: room.priceCurrency,
    };
    const { price, errors } = mergePrice(current, definedFields(priceChange ?? {}));
    assertValid([...errors, ...policyErrors(policy, sentPolicy)]);

    const changes: Partial<Room> = {
      ...definedFields(fields),
      ...definedFields(accessibility ?? {}),
      ...sentPolicy,
    };
    if (priceChange) {
      changes.priceKind = price.kind;
      changes.priceAmountCents = price.amountCents;
      changes.priceCurrency = price.currency;
    }
    if (timeZone !== undefined) changes.timeZone = canonicalZone(timeZone);
    if (Object.keys(changes).length) await this.rooms.update(id, changes);
    return this.get(actor, id);
  }

  /** Opening hours and closures go with the room; rooms with bookings are refused (409). */
  async remove(actor: Actor, id: string): Promise<void> {
    await this.access.manageableRoom(actor, id);
    await this.rooms.delete(id);
  }

  /**
   * A room with its venue, whoever asks (the facts a booking request is checked against).
   * ROOM_NOT_FOUND when there is no such room; an inactive room comes back with
   * `active: false`, for the caller to refuse.
   */
  async profile(roomId: string): Promise<RoomProfile> {
    const { room, venue } = await this.access.profiledRoom(undefined, roomId, { seenBy: false });
    return profileOf(room, venue);
  }

  /**
   * As the caller may see it: a room the public does not see (inactive, or its organisation
   * not verified) is ROOM_NOT_FOUND to all but its insiders.
   */
  async visibleProfile(actor: Actor | undefined, roomId: string): Promise<RoomProfile> {
    const { room, venue } = await this.access.profiledRoom(actor, roomId);
    return profileOf(room, venue);
  }

  /**
   * As `visibleProfile` for several rooms, each asked by its own caller (a batch of booking
   * requests), in one statement: for each, in order, the profile or the error
   * `visibleProfile` would throw.
   */
  async visibleProfiles(
    asked: readonly { actor: Actor | undefined; roomId: string }[],
  ): Promise<(RoomProfile | DomainError)[]> {
    const found = await this.access.profiledRooms(asked);
    return found.map((one) => (one instanceof Error ? one : profileOf(one.room, one.venue)));
  }

  /**
   * As `visibleProfile`, from memory while nothing of the room or its venue was announced
   * (`room:<id>`, `venue:<id>`): for pages that name a room, such as the request form. Kept
   * only for a room the public sees, whose profile is the same for everyone.
   */
  async visibleProfileRemembered(actor: Actor | undefined, roomId: string): Promise<RoomProfile> {
    const { body } = await this.remembered.answer(roomId, async () => {
      const { profile, listed } = await this.visibleListing(actor, roomId);
      const subjects = [`room:${profile.id}`, `venue:${profile.venueId}`];
      return {
        body: Buffer.from(JSON.stringify(profile)),
        keep: listed ? { subjects, expiresAt: Infinity } : null,
      };
    });
    const profile = JSON.parse(body.toString('utf8')) as Omit<RoomProfile, 'changedAt'> & {
      changedAt: string;
    };
    return { ...profile, changedAt: new Date(profile.changedAt) };
  }

  /**
   * As `visibleProfile`, and whether the public sees the room (`listed`): only then is what
   * the caller gets of it the same for everyone, and may be shared between callers.
   */
  async visibleListing(
    actor: Actor | undefined,
    roomId: string,
  ): Promise<{ profile: RoomProfile; listed: boolean }> {
    const { room, venue, listed } = await this.access.profiledRoom(actor, roomId);
    return { profile: profileOf(room, venue), listed };
  }

  /** Several rooms at once, whoever asks (unknown ids are left out): `profile` in one statement. */
  async profiles(roomIds: string[]): Promise<Map<string, RoomProfile>> {
    if (roomIds.length === 0) return new Map();
    const found = await this.access.profiledRooms(
      [...new Set(roomIds)].map((roomId) => ({ actor: undefined, roomId })),
      { seenBy: false },
    );
    return new Map(
      found.flatMap((one) =>
        one instanceof Error ? [] : [[one.room.id, profileOf(one.room, one.venue)] as const],
      ),
    );
  }

  /** Ids of the rooms in venues of these organisations, inactive ones included. */
  async roomIdsOwnedBy(organizationIds: string[]): Promise<string[]> {
    if (organizationIds.length === 0) return [];
    const rows = await this.rooms
      .createQueryBuilder('r')
      .innerJoin('r.venue', 'v')
      .select('r.id', 'id')
      .where('v.organization_id IN (:...organizationIds)', { organizationIds })
      .getRawMany<{ id: string }>();
    return rows.map((row) => row.id);
  }

  /** The time zone of each of these rooms, to render several bookings at once. */
  async timeZonesOf(roomIds: string[]): Promise<Map<string, string>> {
    if (roomIds.length === 0) return new Map();
    const rooms = await this.rooms.find({
      where: { id: In([...new Set(roomIds)]) },
      select: { id: true, timeZone: true },
    });
    return new Map(rooms.map((room) => [room.id, room.timeZone]));
  }
}

function profileOf(room: ProfiledRoom, venue: ProfiledVenue): RoomProfile {
  const address = `${venue.street}, ${venue.postalCode} ${venue.city}`;
  return {
    id: room.id,
    name: room.name,
    venueId: room.venueId,
    venueName: venue.name,
    address,
    location: `${room.name}, ${venue.name}, ${address}`,
    organizationId: venue.organizationId,
    timeZone: room.timeZone,
    capacity: room.capacity,
    active: room.active,
    policy: policyOf(room),
    changedAt: new Date(Math.max(room.updatedAt.getTime(), venue.updatedAt.getTime())),
  };
}

function assertValid(errors: FieldError[]): void {
  if (errors.length) throw CommonErrors.VALIDATION_FAILED({}, { errors });
}

/** "europe/berlin" → "Europe/Berlin": the zone as the runtime names it. */
const canonicalZone = (zone: string): string =>
  new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;

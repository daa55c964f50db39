import { Injectable } from '@nestjs/common';
import { Actor } from '../common/auth/actor';
import { page, PageDto, PageQueryDto } from '../common/pagination/page';
import { fieldError } from '../common/validation/validation';
import { Database } from '../database/database';
import { OrganizationsService } from '../organizations/organizations.service';
import { RoomReservationsService } from '../bookings/room-reservations.service';
import { RoomSearchService } from '../rooms/room-search.service';
import { RoomsService } from '../rooms/rooms.service';
import { TopicsService } from '../topics/topics.service';
import { SessionContentDto } from './dto/create-session.dto';
import { LargerRoomResponseDto } from './dto/larger-room.response.dto';
import { MoveSessionDto } from './dto/move-session.dto';
import { SessionQueryDto } from './dto/session-query.dto';
import { SessionResponseDto, toSessionResponse } from './dto/session.response.dto';
import { UpdateSessionDto } from './dto/update-session.dto';
import { ForumQueueService } from './forum-queue.service';
import { ForumSession } from './forum-session.entity';
import { ForumErrors } from './forum.errors';
import { storedTranslations } from './session-text';
import { RegistrationWindow, registrationRefusal } from './registration-window';

const HOLDING = ['pending', 'approved'];

/** When a session takes place and when one may register for it. */
export interface SessionTimes {
  startsAt: Date;
  endsAt: Date;
  registrationOpensAt?: Date | null;
  registrationClosesAt?: Date | null;
}

/**
 * Plans, changes and cancels forum sessions. Each session's room is booked through the
 * bookings module in the agency's name, in the same transaction as the session: the same
 * rules and constraint as any request, and a refused booking leaves no session behind.
 */
@Injectable()
export class ForumSessionsService {
  constructor(
    private readonly db: Database,
    private readonly topics: TopicsService,
    private readonly rooms: RoomsService,
    private readonly roomSearch: RoomSearchService,
    private readonly organizations: OrganizationsService,
    private readonly reservations: RoomReservationsService,
    private readonly queue: ForumQueueService,
  ) {}

  async list(
    actor: Actor | undefined,
    query: SessionQueryDto,
  ): Promise<PageDto<SessionResponseDto>> {
    const builder = this.db.manager.createQueryBuilder(ForumSession, 's');
    if (!actor?.isAdmin) builder.andWhere(`s.status <> 'draft'`);
    if (query.from) builder.andWhere('s.ends_at > :from', { from: new Date(query.from) });
    if (query.to) builder.andWhere('s.starts_at < :to', { to: new Date(query.to) });
    if (query.kind) builder.andWhere('s.kind = :kind', { kind: query.kind });
    if (query.topic) builder.andWhere('s.topic = :topic', { topic: query.topic });
    if (query.language) {
      builder.andWhere(':language = ANY(s.languages)', { language: query.language });
    }
    const [sessions, total] = await builder
      .orderBy('s.starts_at', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .take(query.limit)
      .skip(query.offset)
      .getManyAndCount();
    return page(await this.views(sessions), total, query);
  }

  async get(actor: Actor | undefined, id: string): Promise<SessionResponseDto> {
    const session = await this.db.manager.findOne(ForumSession, { where: { id } });
    if (!session || (session.status === 'draft' && !actor?.isAdmin)) {
      throw ForumErrors.SESSION_NOT_FOUND();
    }
    return (await this.views([session]))[0];
  }

  async create(
    actor: Actor,
    input: SessionContentDto & {
      startsAt: string;
      endsAt: string;
      seriesId?: string;
    } & RegistrationWindowInput,
  ): Promise<SessionResponseDto> {
    const times = timesOf(input);
    if (input.seriesId) {
      const known = await this.db.manager.exists(ForumSession, {
        where: { seriesId: input.seriesId },
      });
      if (!known) throw ForumErrors.UNKNOWN_SERIES();
    }
    const session = await this.db.transaction(() =>
      this.schedule(actor, input, times, input.seriesId ?? null),
    );
    return (await this.views([session]))[0];
  }

  /**
   * One session and its booking, in the caller's transaction (a series calls it per date).
   * A booking the room's rules refuse is thrown as the bookings module's problem.
   */
  async schedule(
    actor: Actor,
    content: SessionContentDto,
    times: SessionTimes,
    seriesId: string | null,
  ): Promise<ForumSession> {
    await this.assertTopic(content.topic);
    const room = await this.rooms.profile(content.roomId);
    if (content.capacity > room.capacity) {
      throw ForumErrors.CAPACITY_ABOVE_ROOM({ roomCapacity: room.capacity });
    }
    const reservation = await this.reservations.reserve(actor, {
      roomId: room.id,
      organizationId: await this.organizations.agencyId(),
      startsAt: times.startsAt,
      endsAt: times.endsAt,
      title: content.title,
      isPublic: content.audience === 'public',
    });
    return this.db.manager.save(
      this.db.manager.create(ForumSession, {
        kind: content.kind,
        title: content.title,
        description: content.description ?? null,
        translations: storedTranslations(content.translations),
        topic: content.topic,
        speakers: content.speakers ?? [],
        languages: content.languages,
        accessibilityNotes: content.accessibilityNotes ?? null,
        roomId: room.id,
        bookingId: reservation.id,
        seriesId,
        startsAt: times.startsAt,
        endsAt: times.endsAt,
        capacity: content.capacity,
        placesTaken: 0,
        maxPlacesPerOrganization: content.maxPlacesPerOrganization ?? null,
        registrationOpensAt: times.registrationOpensAt ?? null,
        registrationClosesAt: times.registrationClosesAt ?? null,
        audience: content.audience,
        status: content.status ?? 'published',
        publishedAt: (content.status ?? 'published') === 'published' ? new Date() : null,
        sequence: 0,
        createdBy: actor.id,
      }),
    );
  }

  async update(actor: Actor, id: string, input: UpdateSessionDto): Promise<SessionResponseDto> {
    const session = await this.db.transaction(async () => {
      const session = await this.queue.lockSession(id);
      if (!session) throw ForumErrors.SESSION_NOT_FOUND();
      if (session.status === 'cancelled') throw ForumErrors.SESSION_CANCELLED();
      const now = new Date();
      const previous = { startsAt: session.startsAt, endsAt: session.endsAt };
      const times = timesOf({
        startsAt: input.startsAt ?? session.startsAt.toISOString(),
        endsAt: input.endsAt ?? session.endsAt.toISOString(),
        registrationOpensAt:
          keptOrCleared(input.registrationOpensAt, session.registrationOpensAt?.toISOString()) ??
          undefined,
        registrationClosesAt:
          keptOrCleared(input.registrationClosesAt, session.registrationClosesAt?.toISOString()) ??
          undefined,
      });
      const roomId = input.roomId ?? session.roomId;
      const moved =
        times.startsAt.getTime() !== session.startsAt.getTime() ||
        times.endsAt.getTime() !== session.endsAt.getTime();
      const roomChanged = roomId !== session.roomId;
      if (input.topic !== undefined) await this.assertTopic(input.topic);
      const capacity = input.capacity ?? session.capacity;
      if (input.capacity !== undefined || roomChanged) {
        const room = await this.rooms.profile(roomId);
        if (capacity > room.capacity) {
          throw ForumErrors.CAPACITY_ABOVE_ROOM({ roomCapacity: room.capacity });
        }
      }
      if (capacity < session.placesTaken) {
        throw ForumErrors.CAPACITY_BELOW_TAKEN({ placesTaken: session.placesTaken });
      }
      const title = input.title ?? session.title;
      if (moved || roomChanged) {
        if (session.endsAt.getTime() <= now.getTime()) throw ForumErrors.SESSION_OVER();
        session.bookingId = await this.rebook(actor, session, roomId, times, title, input);
        session.sequence += 1;
      } else if (title !== session.title && session.bookingId) {
        const [booking] = (await this.reservations.find([session.bookingId])).values();
        if (booking && HOLDING.includes(booking.status)) {
          await this.reservations.rename(actor, session.bookingId, title);
        }
      }
      const cap =
        keptOrCleared(input.maxPlacesPerOrganization, session.maxPlacesPerOrganization) ?? null;
      const grows = capacity > session.capacity || cap !== session.maxPlacesPerOrganization;
      Object.assign(session, {
        kind: input.kind ?? session.kind,
        title,
        description: input.description ?? session.description,
        translations: input.translations
          ? storedTranslations(input.translations)
          : session.translations,
        topic: input.topic ?? session.topic,
        speakers: input.speakers ?? session.speakers,
        languages: input.languages ?? session.languages,
        accessibilityNotes: input.accessibilityNotes ?? session.accessibilityNotes,
        roomId,
        startsAt: times.startsAt,
        endsAt: times.endsAt,
        capacity,
        maxPlacesPerOrganization: cap,
        registrationOpensAt: times.registrationOpensAt ?? null,
        registrationClosesAt: times.registrationClosesAt ?? null,
        audience: input.audience ?? session.audience,
        status: input.status ?? session.status,
      });
      if (session.status === 'published') session.publishedAt ??= now;
      const saved = await this.db.manager.save(session);
      // Those registered are told of the move first; whom more places then confirm are told
      // that next (once, not again as "moved").
      if (moved || roomChanged) await this.queue.tellRegistrants('moved', saved, { previous });
      if (grows) await this.queue.settle(saved, now);
      return saved;
    });
    return (await this.views([session]))[0];
  }

  /**
   * Rooms of the catalogue with more places than the session, free for its time: the
   * catalogue's free-room search (its SQL pre-filter and the booking rules), as the public
   * sees the catalogue. For staff, when the waitlist grows.
   */
  async largerRooms(id: string, query: PageQueryDto): Promise<PageDto<LargerRoomResponseDto>> {
    const session = await this.db.manager.findOne(ForumSession, { where: { id } });
    if (!session) throw ForumErrors.SESSION_NOT_FOUND();
    if (session.status === 'cancelled') throw ForumErrors.SESSION_CANCELLED();
    if (session.endsAt.getTime() <= Date.now()) throw ForumErrors.SESSION_OVER();
    const found = await this.roomSearch.search(undefined, {
      capacityMin: session.capacity + 1,
      active: true,
      freeFrom: session.startsAt.toISOString(),
      freeTo: session.endsAt.toISOString(),
      limit: query.limit,
      offset: query.offset,
    });
    const items = found.items.map((room): LargerRoomResponseDto => ({
      id: room.id,
      name: room.name,
      capacity: room.capacity,
      venueId: room.venueId,
      venueName: room.venue.name,
      district: room.venue.district,
      features: room.features,
      stepFree: room.accessibility.stepFree,
      approval: room.policy.approval,
    }));
    return page(items, found.total, query);
  }

  /**
   * Moves the session to another room and/or time in one step (staff): the new room is
   * booked under its rules first, the old booking released only once the new one holds,
   * capacity raised if asked (the waitlist then moves up), and the registrants told. Any
   * refusal leaves everything as it was.
   */
  move(actor: Actor, id: string, input: MoveSessionDto): Promise<SessionResponseDto> {
    if (!input.roomId && !input.startsAt && !input.endsAt) {
      throw fieldError('roomId', 'validation.isDefined');
    }
    return this.update(actor, id, {
      roomId: input.roomId,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      capacity: input.capacity,
    });
  }

  /** Cancels the session and its booking, and tells everyone registered. */
  async cancel(actor: Actor, id: string, reason?: string): Promise<SessionResponseDto> {
    const session = await this.db.transaction(async () => {
      const session = await this.queue.lockSession(id);
      if (!session) throw ForumErrors.SESSION_NOT_FOUND();
      if (session.status === 'cancelled') throw ForumErrors.SESSION_CANCELLED();
      if (session.endsAt.getTime() <= Date.now()) throw ForumErrors.SESSION_OVER();
      if (session.bookingId) await this.reservations.release(actor, session.bookingId, reason);
      const now = new Date();
      Object.assign(session, {
        status: 'cancelled',
        cancelledAt: now,
        cancelReason: reason ?? null,
        sequence: session.sequence + 1,
      });
      const saved = await this.db.manager.save(session);
      // Told while they still hold their places (a confirmed one gets the CANCEL), then
      // cancelled with the session, so that no report or feed counts them as places.
      await this.queue.tellRegistrants('sessionCancelled', saved, { reason: reason ?? null });
      await this.queue.cancelAll(saved, now);
      return saved;
    });
    return (await this.views([session]))[0];
  }

  /**
   * The booking for a session's new time or room: the same booking moved when the room stays
   * and it still holds its slot; otherwise a new booking, and the old one released.
   */
  private async rebook(
    actor: Actor,
    session: ForumSession,
    roomId: string,
    times: SessionTimes,
    title: string,
    input: UpdateSessionDto,
  ): Promise<string> {
    const [current] = session.bookingId
      ? (await this.reservations.find([session.bookingId])).values()
      : [];
    const holds = current !== undefined && HOLDING.includes(current.status);
    if (holds && roomId === session.roomId) {
      return (await this.reservations.move(actor, current.id, times.startsAt, times.endsAt)).id;
    }
    const reservation = await this.reservations.reserve(actor, {
      roomId,
      organizationId: await this.organizations.agencyId(),
      startsAt: times.startsAt,
      endsAt: times.endsAt,
      title,
      isPublic: (input.audience ?? session.audience) === 'public',
    });
    if (holds) await this.reservations.release(actor, current.id);
    return reservation.id;
  }

  /**
   * Whether anyone (not staff) may register for the session at `now`: the same rule the
   * registration itself applies (`registration-window.ts`). Takes the API's view or the entity.
   */
  registrationOpen(session: RegistrationWindow, now: Date = new Date()): boolean {
    return registrationRefusal(session, now) === null;
  }

  private async assertTopic(topic: string): Promise<void> {
    if (!(await this.topics.exists(topic))) throw ForumErrors.UNKNOWN_TOPIC({ topic });
  }

  /** Sessions as the API shows them: with their room's zone, waitlist and booking's state. */
  async views(sessions: ForumSession[]): Promise<SessionResponseDto[]> {
    if (sessions.length === 0) return [];
    const ids = sessions.map((session) => session.id);
    const [zones, bookings, waiting] = await Promise.all([
      this.rooms.timeZonesOf(sessions.map((session) => session.roomId)),
      this.reservations.find(sessions.flatMap((session) => session.bookingId ?? [])),
      this.db.query<{ session_id: string; waiting: string }[]>(
        `SELECT session_id, count(*) AS waiting FROM forum_registrations
          WHERE session_id = ANY($1::uuid[]) AND status = 'waitlisted' GROUP BY session_id`,
        [ids],
      ),
    ]);
    const waitlist = new Map(waiting.map((row) => [row.session_id, Number(row.waiting)]));
    const now = new Date();
    return sessions.map((session) =>
      toSessionResponse(session, {
        timeZone: zones.get(session.roomId) ?? 'Europe/Berlin',
        waitlistLength: waitlist.get(session.id) ?? 0,
        bookingStatus: session.bookingId ? (bookings.get(session.bookingId)?.status ?? null) : null,
        now,
      }),
    );
  }
}

export interface RegistrationWindowInput {
  registrationOpensAt?: string;
  registrationClosesAt?: string;
}

/** The times of a request, checked for order (400 with the field that is wrong). */
/**
 * An optional setting in a change: left out (undefined) keeps what the session has, null
 * clears it (no cap, no registration window), a value replaces it.
 */
function keptOrCleared<T>(
  sent: T | null | undefined,
  current: T | null | undefined,
): T | null | undefined {
  return sent === undefined ? current : sent;
}

export function timesOf(
  input: { startsAt: string; endsAt: string } & RegistrationWindowInput,
): SessionTimes {
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  if (endsAt <= startsAt) throw fieldError('endsAt', 'validation.endsAfterStart');
  const opens = input.registrationOpensAt ? new Date(input.registrationOpensAt) : null;
  const closes = input.registrationClosesAt ? new Date(input.registrationClosesAt) : null;
  if (opens && closes && closes <= opens) {
    throw fieldError('registrationClosesAt', 'validation.endsAfterStart');
  }
  return { startsAt, endsAt, registrationOpensAt: opens, registrationClosesAt: closes };
}

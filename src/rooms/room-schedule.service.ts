import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Actor } from '../common/auth/actor';
import { CommonErrors } from '../common/errors/domain-error';
import { fieldError } from '../common/validation/validation';
import { page, PageDto } from '../common/pagination/page';
import { Closure } from './closure.entity';
import { ClosureQueryDto, CreateClosureDto } from './dto/closure.dto';
import { ClosureResponseDto, toClosureResponse } from './dto/closure.response.dto';
import { OpeningHoursIntervalDto } from './dto/opening-hours.dto';
import { toOpeningHoursResponse } from './dto/room.response.dto';
import { OpeningHours } from './opening-hours.entity';
import { openingHoursErrors, WeeklyInterval } from './opening-hours.rules';
import { RoomAccessService } from './room-access.service';
import { ClosurePeriod, WeeklyHours } from './rooms.contract';
import { RoomErrors } from './rooms.errors';
import { Database } from '../database/database';

/** Weekly opening hours and closures of rooms. */
@Injectable()
export class RoomScheduleService {
  constructor(
    private readonly db: Database,
    private readonly access: RoomAccessService,
  ) {}

  private get hours() {
    return this.db.repository(OpeningHours);
  }

  private get closures() {
    return this.db.repository(Closure);
  }

  async getOpeningHours(actor: Actor | undefined, roomId: string): Promise<WeeklyInterval[]> {
    await this.access.visibleRoom(actor, roomId);
    return toOpeningHoursResponse(await this.openingHoursOf(roomId));
  }

  /** Replaces the whole week at once: what is not sent is no longer open. */
  async replaceOpeningHours(
    actor: Actor,
    roomId: string,
    intervals: OpeningHoursIntervalDto[],
  ): Promise<WeeklyInterval[]> {
    await this.access.manageableRoom(actor, roomId);
    const errors = openingHoursErrors(intervals);
    if (errors.length) throw CommonErrors.VALIDATION_FAILED({}, { errors });
    const saved = await this.db.transaction(async () => {
      const manager = this.db.manager;
      // Two owners saving at once take turns, so that the week is one of theirs, not a mix.
      const locked = await manager.query<unknown[]>(
        `SELECT 1 FROM rooms WHERE id = $1 FOR UPDATE`,
        [roomId],
      );
      if (locked.length === 0) throw RoomErrors.ROOM_NOT_FOUND();
      await manager.delete(OpeningHours, { roomId });
      if (intervals.length) {
        await manager.insert(
          OpeningHours,
          intervals.map(({ weekday, opens, closes }) => ({ roomId, weekday, opens, closes })),
        );
      }
      return this.openingHoursOf(roomId);
    });
    return toOpeningHoursResponse(saved);
  }

  async listClosures(
    actor: Actor | undefined,
    roomId: string,
    query: ClosureQueryDto,
  ): Promise<PageDto<ClosureResponseDto>> {
    const { room, insider } = await this.access.visibleRoom(actor, roomId);
    const from = query.from ? new Date(query.from) : undefined;
    const to = query.to ? new Date(query.to) : undefined;
    if (from && to && to <= from) throw fieldError('to', 'validation.endsAfterStart');
    const builder = this.closures
      .createQueryBuilder('c')
      .where('c.room_id = :roomId', { roomId })
      .orderBy('c.starts_at')
      .addOrderBy('c.id')
      .limit(query.limit)
      .offset(query.offset);
    if (from) builder.andWhere('c.ends_at > :from', { from });
    if (to) builder.andWhere('c.starts_at < :to', { to });
    const [closures, total] = await builder.getManyAndCount();
    return page(
      closures.map((closure) => toClosureResponse(closure, room.timeZone, insider)),
      total,
      query,
    );
  }

  async addClosure(
    actor: Actor,
    roomId: string,
    input: CreateClosureDto,
  ): Promise<ClosureResponseDto> {
    const { room } = await this.access.manageableRoom(actor, roomId);
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(input.endsAt);
    if (endsAt <= startsAt) throw fieldError('endsAt', 'validation.endsAfterStart');
    const closure = await this.closures.save(
      this.closures.create({ roomId, startsAt, endsAt, reason: input.reason || null }),
    );
    return toClosureResponse(closure, room.timeZone, true);
  }

  async removeClosure(actor: Actor, roomId: string, closureId: string): Promise<void> {
    await this.access.manageableRoom(actor, roomId);
    const result = await this.closures.delete({ id: closureId, roomId });
    if (!result.affected) throw RoomErrors.CLOSURE_NOT_FOUND();
  }

  // ---- for other modules (availability, bookings) ---------------------------------------

  /** A room's weekly opening hours, by weekday and time; "HH:MM:SS" as PostgreSQL gives them. */
  async openingHoursOf(roomId: string): Promise<WeeklyHours[]> {
    const rows = await this.hours.find({
      where: { roomId },
      order: { weekday: 'ASC', opens: 'ASC' },
    });
    return rows.map(({ weekday, opens, closes }) => ({ weekday, opens, closes }));
  }

  /**
   * A room's weekly opening hours and its closures overlapping [from, to), in one round trip
   * (what a booking request and an availability answer both need).
   */
  async scheduleOf(
    roomId: string,
    from: Date,
    to: Date,
  ): Promise<{ hours: WeeklyHours[]; closures: ClosurePeriod[] }> {
    const rows = await this.db.query<
      {
        weekday: number | null;
        opens: string | null;
        closes: string | null;
        starts_at: Date | null;
        ends_at: Date | null;
      }[]
    >(
      `SELECT weekday, opens::text AS opens, closes::text AS closes,
              NULL::timestamptz AS starts_at, NULL::timestamptz AS ends_at
         FROM room_opening_hours WHERE room_id = $1
       UNION ALL
       SELECT NULL, NULL, NULL, starts_at, ends_at
         FROM room_closures
        WHERE room_id = $1 AND tstzrange(starts_at, ends_at) && tstzrange($2, $3)`,
      [roomId, from, to],
    );
    const hours: WeeklyHours[] = [];
    const closures: ClosurePeriod[] = [];
    for (const row of rows) {
      if (row.starts_at && row.ends_at)
        closures.push({ startsAt: row.starts_at, endsAt: row.ends_at });
      else hours.push({ weekday: row.weekday!, opens: row.opens!, closes: row.closes! });
    }
    return { hours, closures };
  }

  /** Opening hours of several rooms at once, for a page of search results. */
  async openingHoursOfRooms(roomIds: string[]): Promise<Map<string, OpeningHours[]>> {
    const byRoom = new Map<string, OpeningHours[]>(roomIds.map((id) => [id, []]));
    if (roomIds.length === 0) return byRoom;
    const rows = await this.hours.find({
      where: { roomId: In(roomIds) },
      order: { weekday: 'ASC', opens: 'ASC' },
    });
    for (const row of rows) byRoom.get(row.roomId)?.push(row);
    return byRoom;
  }
}

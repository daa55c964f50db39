import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
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
import { ClosurePeriod, OpeningWeek, WeeklyHours } from './rooms.contract';
import { RoomErrors } from './rooms.errors';
import { Database } from '../database/database';

/** How far ahead a new week of opening hours may be set (a booking's horizon is less). */
const MAX_YEARS_AHEAD = 3;

/** Weekly opening hours and closures of rooms. */
@Injectable()
export class RoomScheduleService {
  constructor(
    private readonly db: Database,
    private readonly access: RoomAccessService,
  ) {}

  private get closures() {
    return this.db.repository(Closure);
  }

  async getOpeningHours(actor: Actor | undefined, roomId: string): Promise<WeeklyInterval[]> {
    await this.access.visibleRoom(actor, roomId);
    return toOpeningHoursResponse(await this.openingHoursOf(roomId));
  }

  /**
   * Replaces the whole week at once, from `validFrom` (a local date, default today in the
   * room's zone) on: what is not sent is no longer open from then. The week valid before
   * stays as it was for the dates before, so that reports and availability of past dates
   * keep the hours that held then; weeks set for that date or later are replaced.
   */
  async replaceOpeningHours(
    actor: Actor,
    roomId: string,
    intervals: OpeningHoursIntervalDto[],
    validFrom?: string,
  ): Promise<WeeklyInterval[]> {
    const { room } = await this.access.manageableRoom(actor, roomId);
    const today = DateTime.now().setZone(room.timeZone).toISODate()!;
    if (validFrom !== undefined && validFrom < today) {
      throw fieldError('validFrom', 'validation.dateNotInPast');
    }
    const latest = DateTime.fromISO(today).plus({ years: MAX_YEARS_AHEAD }).toISODate()!;
    if (validFrom !== undefined && validFrom > latest) {
      throw fieldError('validFrom', 'validation.dateTooFar', { years: MAX_YEARS_AHEAD });
    }
    const errors = openingHoursErrors(intervals);
    if (errors.length) throw CommonErrors.VALIDATION_FAILED({}, { errors });
    const from = validFrom ?? today;
    const saved = await this.db.transaction(async () => {
      const manager = this.db.manager;
      // Two owners saving at once take turns, so that the week is one of theirs, not a mix.
      const locked = await manager.query<unknown[]>(
        `SELECT 1 FROM rooms WHERE id = $1 FOR UPDATE`,
        [roomId],
      );
      if (locked.length === 0) throw RoomErrors.ROOM_NOT_FOUND();
      // A room's first week holds since always, as before opening hours had dates.
      const [{ dated }] = await manager.query<{ dated: boolean }[]>(
        `SELECT EXISTS (SELECT 1 FROM room_opening_hours WHERE room_id = $1) AS dated`,
        [roomId],
      );
      await manager.query(
        `DELETE FROM room_opening_hours WHERE room_id = $1 AND valid_from >= $2::date`,
        [roomId, from],
      );
      await manager.query(
        `UPDATE room_opening_hours SET valid_to = $2::date
          WHERE room_id = $1 AND (valid_to IS NULL OR valid_to > $2::date)`,
        [roomId, from],
      );
      const start = dated || validFrom !== undefined ? from : null;
      if (intervals.length) {
        await manager.insert(
          OpeningHours,
          intervals.map(({ weekday, opens, closes }) => ({
            roomId,
            weekday,
            opens,
            closes,
            validFrom: start,
            validTo: null,
          })),
        );
      }
      return this.hoursValidOn(roomId, from);
    });
    return toOpeningHoursResponse(saved);
  }

  /**
   * The weeks of opening hours that hold today or later, in order, each with its dates
   * (what `replaceOpeningHours` kept and set), for the owners to see what changes when.
   */
  async openingWeeks(actor: Actor | undefined, roomId: string): Promise<OpeningWeek[]> {
    const { room } = await this.access.visibleRoom(actor, roomId);
    const rows = await this.db.query<
      {
        weekday: number;
        opens: string;
        closes: string;
        valid_from: string | null;
        valid_to: string | null;
      }[]
    >(
      `SELECT weekday, opens::text AS opens, closes::text AS closes,
              valid_from::text AS valid_from, valid_to::text AS valid_to
         FROM room_opening_hours
        WHERE room_id = $1 AND (valid_to IS NULL OR valid_to > (now() AT TIME ZONE $2)::date)
        ORDER BY valid_from NULLS FIRST, weekday, opens`,
      [roomId, room.timeZone],
    );
    const weeks = new Map<string, OpeningWeek>();
    for (const row of rows) {
      const key = `${row.valid_from}|${row.valid_to}`;
      let week = weeks.get(key);
      if (!week) {
        week = { validFrom: row.valid_from, validTo: row.valid_to, hours: [] };
        weeks.set(key, week);
      }
      week.hours.push(...toOpeningHoursResponse([row]));
    }
    return [...weeks.values()];
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

  /** A room's weekly opening hours valid today (in its zone), by weekday and time. */
  async openingHoursOf(roomId: string): Promise<WeeklyHours[]> {
    return (await this.openingHoursOfRooms([roomId])).get(roomId) ?? [];
  }

  /** The week valid on the local date `date`; "HH:MM:SS" as PostgreSQL gives them. */
  private async hoursValidOn(roomId: string, date: string): Promise<WeeklyHours[]> {
    return this.db.query<WeeklyHours[]>(
      `SELECT weekday, opens::text AS opens, closes::text AS closes
         FROM room_opening_hours
        WHERE room_id = $1 AND ${VALID_ON('$2::date')}
        ORDER BY weekday, opens`,
      [roomId, date],
    );
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
    const [schedule] = await this.schedulesOf([{ roomId, from, to }]);
    return schedule;
  }

  /**
   * As `scheduleOf` for several rooms, each over its own span, in one round trip (a batch of
   * booking requests): for each, in order, its hours and closures.
   */
  async schedulesOf(
    asked: readonly { roomId: string; from: Date; to: Date }[],
  ): Promise<{ hours: WeeklyHours[]; closures: ClosurePeriod[] }[]> {
    const rows = await this.db.prepared<
      {
        n: string;
        weekday: number | null;
        opens: string | null;
        closes: string | null;
        valid_from: string | null;
        valid_to: string | null;
        starts_at: Date | null;
        ends_at: Date | null;
      }[]
    >(
      // Each asked room looks up its own rows by key (LATERAL … OFFSET 0): the same plan
      // however many rooms, also as a generic plan (`Database.transaction`).
      `WITH asked AS (
         SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[])
                  WITH ORDINALITY AS asked (room_id, from_at, to_at, n))
       SELECT asked.n, h.*, NULL::timestamptz AS starts_at, NULL::timestamptz AS ends_at
         FROM asked CROSS JOIN LATERAL (
           SELECT weekday, opens::text AS opens, closes::text AS closes,
                  valid_from::text AS valid_from, valid_to::text AS valid_to
             FROM room_opening_hours
            WHERE room_id = asked.room_id AND ${VALID_NEAR('asked.from_at', 'asked.to_at')}
           OFFSET 0) h
       UNION ALL
       SELECT asked.n, NULL, NULL, NULL, NULL, NULL, c.starts_at, c.ends_at
         FROM asked CROSS JOIN LATERAL (
           SELECT starts_at, ends_at FROM room_closures
            WHERE room_id = asked.room_id
              AND tstzrange(starts_at, ends_at) && tstzrange(asked.from_at, asked.to_at)
           OFFSET 0) c`,
      [asked.map((a) => a.roomId), asked.map((a) => a.from), asked.map((a) => a.to)],
    );
    const schedules = asked.map(() => ({
      hours: [] as WeeklyHours[],
      closures: [] as ClosurePeriod[],
    }));
    for (const row of rows) {
      const { hours, closures } = schedules[Number(row.n) - 1];
      if (row.starts_at && row.ends_at)
        closures.push({ startsAt: row.starts_at, endsAt: row.ends_at });
      else
        hours.push({
          weekday: row.weekday!,
          opens: row.opens!,
          closes: row.closes!,
          validFrom: row.valid_from,
          validTo: row.valid_to,
        });
    }
    return schedules;
  }

  /** Opening hours valid today (in each room's zone) of several rooms, for a page of rooms. */
  async openingHoursOfRooms(roomIds: string[]): Promise<Map<string, WeeklyHours[]>> {
    const byRoom = new Map<string, WeeklyHours[]>(roomIds.map((id) => [id, []]));
    if (roomIds.length === 0) return byRoom;
    const rows = await this.db.query<(WeeklyHours & { room_id: string })[]>(
      `SELECT h.room_id, h.weekday, h.opens::text AS opens, h.closes::text AS closes
         FROM room_opening_hours h JOIN rooms r ON r.id = h.room_id
        WHERE h.room_id = ANY($1::uuid[])
          AND ${VALID_ON('(now() AT TIME ZONE r.time_zone)::date', 'h')}
        ORDER BY h.weekday, h.opens`,
      [roomIds],
    );
    for (const { room_id, weekday, opens, closes } of rows)
      byRoom.get(room_id)?.push({ weekday, opens, closes });
    return byRoom;
  }
}

/** The opening-hours rows (alias `h`) valid on the local date `date` (an SQL expression). */
function VALID_ON(date: string, alias = 'room_opening_hours'): string {
  return `(${alias}.valid_from IS NULL OR ${alias}.valid_from <= ${date})
   AND (${alias}.valid_to IS NULL OR ${alias}.valid_to > ${date})`;
}

/**
 * The rows that may hold on some local date of [from, to) in any zone: zones differ from UTC
 * by less than a day, so two days of margin on each side keep every row that can matter;
 * `openIntervals` then picks each date's rows exactly.
 */
function VALID_NEAR(from: string, to: string): string {
  return `(valid_from IS NULL OR valid_from <= (${to}::timestamptz AT TIME ZONE 'UTC')::date + 2)
   AND (valid_to IS NULL OR valid_to >= (${from}::timestamptz AT TIME ZONE 'UTC')::date - 2)`;
}

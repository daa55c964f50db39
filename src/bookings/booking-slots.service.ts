import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { RoomScheduleService } from '../rooms/room-schedule.service';
import { RoomProfile } from '../rooms/rooms.contract';
import { bookableWindow, HoldingSlot, SlotContext, slotContext } from './booking-rules';
import { Booking, HOLDING_STATUSES } from './booking.entity';
import { Database } from '../database/database';

const MINUTE = 60_000;

export interface Span {
  start: number;
  end: number;
}

/**
 * Loads what a request is judged by, inside the request's transaction, after taking the
 * room's lock. The lock makes the check exact for all writers that take it (every
 * instance does); the exclusion constraint stays the guarantee underneath.
 */
@Injectable()
export class BookingSlotsService {
  constructor(
    private readonly db: Database,
    private readonly schedule: RoomScheduleService,
  ) {}

  /** Serialises the writers of one room until the transaction ends. */
  async lockRoom(roomId: string): Promise<void> {
    await this.db.manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 727145))`, [
      roomId,
    ]);
  }

  async context(
    room: RoomProfile,
    organizationId: string,
    asked: Span,
    now: number,
    excludeBookingId?: string,
  ): Promise<SlotContext> {
    const zone = room.timeZone;
    // Only the window the rules allow is loaded, however far apart the times a client sent:
    // a slot outside it fails on timing, which checkSlot judges before anything loaded here.
    const window = bookableWindow(room.policy, now);
    const start = Math.max(asked.start, window.start);
    const span = { start, end: Math.max(start, Math.min(asked.end, window.end)) };
    // Neighbours within the largest buffer either side can matter; a day is plenty.
    const from = span.start - 24 * 60 * MINUTE;
    const to = span.end + 24 * 60 * MINUTE;
    const monthsFrom = DateTime.fromMillis(span.start, { zone }).startOf('month').toJSDate();
    const monthsTo = DateTime.fromMillis(span.end, { zone }).endOf('month').toJSDate();

    const [{ hours, closures }, holding, monthly] = await Promise.all([
      this.schedule.scheduleOf(room.id, new Date(span.start), new Date(span.end)),
      this.db.manager
        .createQueryBuilder(Booking, 'b')
        .select(['b.id', 'b.organizationId', 'b.startsAt', 'b.endsAt', 'b.bufferMinutes'])
        .where('b.room_id = :roomId', { roomId: room.id })
        .andWhere('b.status IN (:...holding)', { holding: HOLDING_STATUSES })
        .andWhere('b.period && tstzrange(CAST(:from AS timestamptz), CAST(:to AS timestamptz))', {
          from: new Date(from),
          to: new Date(to),
        })
        .andWhere(excludeBookingId ? 'b.id <> :exclude' : 'TRUE', { exclude: excludeBookingId })
        .getMany(),
      room.policy.monthlyHoursPerOrganization === null
        ? Promise.resolve([])
        : this.db.manager
            .createQueryBuilder(Booking, 'b')
            .select(['b.startsAt', 'b.endsAt'])
            .where('b.room_id = :roomId AND b.organization_id = :organizationId', {
              roomId: room.id,
              organizationId,
            })
            .andWhere('b.status IN (:...holding)', { holding: HOLDING_STATUSES })
            .andWhere('b.starts_at < :monthsTo AND b.ends_at > :monthsFrom', {
              monthsFrom,
              monthsTo,
            })
            .andWhere(excludeBookingId ? 'b.id <> :exclude' : 'TRUE', { exclude: excludeBookingId })
            .getMany(),
    ]);

    return slotContext(room, organizationId, span, now, {
      hours,
      closures: closures.map((c) => ({ start: c.startsAt.getTime(), end: c.endsAt.getTime() })),
      holding: holding.map((b): HoldingSlot => ({
        id: b.id,
        organizationId: b.organizationId,
        start: b.startsAt.getTime(),
        end: b.endsAt.getTime(),
        bufferMinutes: b.bufferMinutes,
      })),
      monthly: monthly.map((b) => ({ start: b.startsAt.getTime(), end: b.endsAt.getTime() })),
    });
  }
}

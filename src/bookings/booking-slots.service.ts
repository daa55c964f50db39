import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { RoomScheduleService } from '../rooms/room-schedule.service';
import { RoomProfile } from '../rooms/rooms.contract';
import { bookableWindow, HoldingSlot, SlotContext, slotContext } from './booking-rules';
import { HOLDING_STATUSES } from './booking.entity';
import { Database } from '../database/database';

const MINUTE = 60_000;

const HOLDING = HOLDING_STATUSES.map((status) => `'${status}'`).join(', ');

const BOOKING_ROW = `b.id, b.organization_id, b.buffer_minutes,
  floor(extract(epoch FROM b.starts_at) * 1000)::float8 AS start_ms,
  floor(extract(epoch FROM b.ends_at) * 1000)::float8 AS end_ms`;

interface BookingRow {
  near: boolean;
  id: string;
  organization_id: string;
  buffer_minutes: number;
  start_ms: number;
  end_ms: number;
}

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
    await this.db.prepared(`SELECT pg_advisory_xact_lock(hashtextextended($1, 727145))`, [roomId]);
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
    // The organisation's months are read only where the room limits them (a zone's month
    // costs Luxon time on every request).
    const limited = room.policy.monthlyHoursPerOrganization !== null;
    const monthsFrom = limited
      ? DateTime.fromMillis(span.start, { zone }).startOf('month').toJSDate()
      : null;
    const monthsTo = limited
      ? DateTime.fromMillis(span.end, { zone }).endOf('month').toJSDate()
      : null;

    const [{ hours, closures }, rows] = await Promise.all([
      this.schedule.scheduleOf(room.id, new Date(span.start), new Date(span.end)),
      // Plain SQL on the request's hot path, both reads in one statement: the room's holding
      // bookings near the span (`near`), and the organisation's in the span's months
      // (`monthly`, only where the room limits them). Times come as epoch milliseconds.
      this.db.prepared<BookingRow[]>(
        `SELECT true AS near, ${BOOKING_ROW}
           FROM bookings b
          WHERE b.room_id = $1 AND b.status IN (${HOLDING})
            AND b.period && tstzrange($2, $3) AND ($4::uuid IS NULL OR b.id <> $4)
         UNION ALL
         SELECT false, ${BOOKING_ROW}
           FROM bookings b
          WHERE $5 AND b.room_id = $1 AND b.organization_id = $6
            AND b.status IN (${HOLDING})
            AND b.starts_at < $8 AND b.ends_at > $7 AND ($4::uuid IS NULL OR b.id <> $4)`,
        [
          room.id,
          new Date(from),
          new Date(to),
          excludeBookingId ?? null,
          limited,
          organizationId,
          monthsFrom,
          monthsTo,
        ],
      ),
    ]);
    const holding: HoldingSlot[] = [];
    const monthly: { start: number; end: number }[] = [];
    for (const row of rows) {
      if (row.near) {
        holding.push({
          id: row.id,
          organizationId: row.organization_id,
          start: row.start_ms,
          end: row.end_ms,
          bufferMinutes: row.buffer_minutes,
        });
      } else monthly.push({ start: row.start_ms, end: row.end_ms });
    }

    return slotContext(room, organizationId, span, now, {
      hours,
      closures: closures.map((c) => ({ start: c.startsAt.getTime(), end: c.endsAt.getTime() })),
      holding,
      monthly,
    });
  }
}

import { Injectable } from '@nestjs/common';
import { Interval } from '../common/time/intervals';
import { openIntervals } from '../common/time/opening-hours';
import { Database } from '../database/database';
import {
  FreeWindowCandidate,
  FreeWindowCheck,
  ROOM_BUFFERS_SQL,
  RoomPolicy,
} from '../rooms/rooms.contract';
import { checkSlot, HoldingSlot, SlotContext, timingChangesAt } from './booking-rules';
import { HOLDING_STATUSES } from './booking.entity';

const HOLDING = HOLDING_STATUSES.map((status) => `'${status}'`).join(', ');
const MINUTE = 60_000;

/**
 * Whether a request for `window` in this room passes the rules, for an organisation that
 * holds nothing in the room yet: `checkSlot`, with the opening hours inside the window (the
 * window lies in one opening interval exactly when those cover it without a gap).
 */
export function passesRules(
  room: FreeWindowCandidate,
  holding: HoldingSlot[],
  window: Interval,
  now: number,
  open = openIntervals(room.hours, room.timeZone, window.start, window.end),
): boolean {
  const context: SlotContext = {
    now,
    zone: room.timeZone,
    policy: room.policy,
    organizationId: '',
    open,
    closures: room.closures,
    holding,
    monthlyMinutes: new Map(),
  };
  return checkSlot(context, window) === null;
}

/**
 * The free-room search's judge: which candidate rooms a request for a whole window would
 * pass the rules for. The same `checkSlot` as a booking request, for an organisation that
 * holds nothing in the room yet (a window longer than the monthly limit fails for anyone).
 */
@Injectable()
export class BookingFreeWindowService implements FreeWindowCheck {
  constructor(private readonly db: Database) {}

  /**
   * A new booking of [from, to) needs [from, to + the room's buffer); a holding booking's
   * period (its own buffer included) overlapping that is in the way — `holdingBlock` written
   * as SQL, exactly what the exclusion constraint refuses. The bookings in the window (widened
   * by the largest buffer) come from one scan of a period index and are hashed, instead of one
   * index probe per candidate room.
   */
  takenCondition(room: string): string {
    return `${room}.id IN (
    SELECT b.room_id FROM bookings b JOIN (${ROOM_BUFFERS_SQL}) br ON br.id = b.room_id
     WHERE b.status IN (${HOLDING})
       AND b.period && tstzrange(CAST(:freeFrom AS timestamptz),
             CAST(:freeTo AS timestamptz) + make_interval(mins => (
               SELECT max(buffer_minutes) FROM (${ROOM_BUFFERS_SQL}) largest)))
       AND b.period && tstzrange(CAST(:freeFrom AS timestamptz),
             rfe_plus_minutes(CAST(:freeTo AS timestamptz), br.buffer_minutes)))`;
  }

  async confirm(
    candidates: FreeWindowCandidate[],
    window: Interval,
    now: number,
  ): Promise<Set<string>> {
    if (candidates.length === 0) return new Set();
    const holding = await this.holdingNear(candidates, window);
    // Rooms with the same zone and week share their opening hours in the window: computed
    // once (a catalogue has few distinct weeks, and the zone arithmetic is the cost).
    const opens = new Map<string, Interval[]>();
    const free = new Set<string>();
    for (const room of candidates) {
      const key = `${room.timeZone} ${JSON.stringify(room.hours)}`;
      let open = opens.get(key);
      if (!open) {
        open = openIntervals(room.hours, room.timeZone, window.start, window.end);
        opens.set(key, open);
      }
      if (passesRules(room, holding.get(room.id) ?? [], window, now, open)) free.add(room.id);
    }
    return free;
  }

  verdictChangesAt(
    timings: Pick<RoomPolicy, 'leadTimeHours' | 'horizonDays'>[],
    start: number,
    now: number,
  ): number {
    return Math.min(...timings.map((timing) => timingChangesAt(timing, start, now)));
  }

  /** The holding bookings of the candidates that can be in the way of the window. */
  private async holdingNear(
    candidates: FreeWindowCandidate[],
    window: Interval,
  ): Promise<Map<string, HoldingSlot[]>> {
    const buffer = Math.max(...candidates.map((room) => room.policy.bufferMinutes));
    const rows = await this.db.query<
      {
        id: string;
        room_id: string;
        organization_id: string;
        starts_at: Date;
        ends_at: Date;
        buffer_minutes: number;
      }[]
    >(
      `SELECT id, room_id, organization_id, starts_at, ends_at, buffer_minutes
         FROM bookings
        WHERE room_id = ANY($1::uuid[]) AND status IN (${HOLDING})
          AND period && tstzrange($2, $3)`,
      [
        candidates.map((room) => room.id),
        new Date(window.start),
        new Date(window.end + buffer * MINUTE),
      ],
    );
    const byRoom = new Map<string, HoldingSlot[]>();
    for (const row of rows) {
      const list = byRoom.get(row.room_id) ?? [];
      list.push({
        id: row.id,
        organizationId: row.organization_id,
        start: row.starts_at.getTime(),
        end: row.ends_at.getTime(),
        bufferMinutes: row.buffer_minutes,
      });
      byRoom.set(row.room_id, list);
    }
    return byRoom;
  }
}

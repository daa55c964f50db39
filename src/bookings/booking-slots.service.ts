import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { RoomScheduleService } from '../rooms/room-schedule.service';
import { RoomProfile } from '../rooms/rooms.contract';
import { bookableWindow, contextFor, HoldingSlot, SlotContext, slotContext } from './booking-rules';
import { HOLDING_STATUSES } from './booking.entity';
import { Database } from '../database/database';

const MINUTE = 60_000;

const HOLDING = HOLDING_STATUSES.map((status) => `'${status}'`).join(', ');

const BOOKING_ROW = `b.id, b.organization_id, b.buffer_minutes,
  floor(extract(epoch FROM b.starts_at) * 1000)::float8 AS start_ms,
  floor(extract(epoch FROM b.ends_at) * 1000)::float8 AS end_ms`;

interface BookingRow {
  /** The position (from 1) of the room (`near`) or of the room and organisation (`months`). */
  n: string;
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

/** What one request (or series) is to be judged by: its room, organisation and times. */
export interface ContextAsked {
  room: RoomProfile;
  organizationId: string;
  asked: Span;
  /** The booking being moved, which holds nothing against its own new time. */
  excludeBookingId?: string;
}

/** One room of a batch: the span of all its requests, and each organisation's. */
interface RoomAsked {
  room: RoomProfile;
  span: Span;
  excluded: string | null;
  organizations: Map<string, Span>;
}

/**
 * Plain SQL on the request's hot path, both reads in one statement, for every room of a batch:
 * the rooms' holding bookings in the way of their spans (`near`), and each organisation's in its
 * span's months (`months`, only where the room limits them). Times come as epoch milliseconds.
 * Each asked row looks up its own bookings by index (LATERAL … OFFSET 0: never a join over
 * the whole table, whatever the planner guesses of the arrays' lengths).
 */
const HOLDING_SQL = `SELECT near.n, true AS near, b.*
   FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::uuid[])
        WITH ORDINALITY AS near (room_id, from_at, to_at, excluded, n)
   CROSS JOIN LATERAL (
     SELECT ${BOOKING_ROW} FROM bookings b
      WHERE b.room_id = near.room_id AND b.status IN (${HOLDING})
        AND b.period && tstzrange(near.from_at, near.to_at)
        AND (near.excluded IS NULL OR b.id <> near.excluded)
     OFFSET 0) b
 UNION ALL
 SELECT months.n, false, b.*
   FROM unnest($5::uuid[], $6::uuid[], $7::timestamptz[], $8::timestamptz[], $9::uuid[])
        WITH ORDINALITY AS months (room_id, organization_id, from_at, to_at, excluded, n)
   CROSS JOIN LATERAL (
     SELECT ${BOOKING_ROW} FROM bookings b
      WHERE b.room_id = months.room_id AND b.organization_id = months.organization_id
        AND b.status IN (${HOLDING})
        AND b.starts_at < months.to_at AND b.ends_at > months.from_at
        AND (months.excluded IS NULL OR b.id <> months.excluded)
     OFFSET 0) b`;

/**
 * Loads what requests are judged by, inside their transaction, after taking their rooms'
 * locks. The lock makes the check exact for all writers that take it (every instance does);
 * the exclusion constraint stays the guarantee underneath.
 */
@Injectable()
export class BookingSlotsService {
  constructor(
    private readonly db: Database,
    private readonly schedule: RoomScheduleService,
  ) {}

  /** Serialises the writers of one room until the transaction ends. */
  lockRoom(roomId: string): Promise<void> {
    return this.lockRooms([roomId]);
  }

  /**
   * The locks of several rooms (a batch of requests), in one statement, taken one after the
   * other in the order of the rooms' ids: every writer that takes more than one takes them in
   * this order, so no two of them can wait for each other (a writer of one room holds no
   * other). The subquery's order is the order the aggregate calls the lock function in.
   */
  async lockRooms(roomIds: readonly string[]): Promise<void> {
    // Ids as the database writes them: a client's upper-case id is the same room, the same lock.
    const sorted = [...new Set(roomIds.map((id) => id.toLowerCase()))].sort();
    await this.db.prepared(
      `SELECT count(pg_advisory_xact_lock(hashtextextended(room_id, 727145)))
         FROM (SELECT room_id FROM unnest($1::text[]) WITH ORDINALITY AS r (room_id, n)
                ORDER BY n) sorted`,
      [sorted],
    );
  }

  async context(
    room: RoomProfile,
    organizationId: string,
    asked: Span,
    now: number,
    excludeBookingId?: string,
  ): Promise<SlotContext> {
    const [context] = await this.contexts([{ room, organizationId, asked, excludeBookingId }], now);
    return context;
  }

  /**
   * The contexts of several requests (a batch), read in two statements however many, sent
   * together (one round trip on a server, `Database.all`): for each, in order, its context.
   * Requests for the same room and organisation get the same context object, and those for
   * the same room the same holding bookings (`contextFor`), so that a slot accepted for one
   * (`accept`) is judged against by the next. A booking to exclude (a move) is excluded for
   * its whole room.
   */
  async contexts(asked: readonly ContextAsked[], now: number): Promise<SlotContext[]> {
    if (asked.length === 0) return [];
    const rooms = new Map<string, RoomAsked>();
    for (const one of asked) {
      // Only the window the rules allow is loaded, however far apart the times a client sent:
      // a slot outside it fails on timing, which checkSlot judges before anything loaded here.
      const window = bookableWindow(one.room.policy, now);
      const start = Math.max(one.asked.start, window.start);
      const span = { start, end: Math.max(start, Math.min(one.asked.end, window.end)) };
      const found = rooms.get(one.room.id);
      if (!found) {
        rooms.set(one.room.id, {
          room: one.room,
          span,
          excluded: one.excludeBookingId ?? null,
          organizations: new Map([[one.organizationId, span]]),
        });
        continue;
      }
      found.span = union(found.span, span);
      const own = found.organizations.get(one.organizationId);
      found.organizations.set(one.organizationId, own ? union(own, span) : span);
    }
    const list = [...rooms.values()];
    // The organisations' months are read only where the room limits them (a zone's month
    // costs Luxon time on every request).
    const months = list.flatMap(({ room, excluded, organizations }) =>
      room.policy.monthlyHoursPerOrganization === null
        ? []
        : [...organizations].map(([organizationId, span]) => ({
            roomId: room.id,
            organizationId,
            from: DateTime.fromMillis(span.start, { zone: room.timeZone }).startOf('month'),
            to: DateTime.fromMillis(span.end, { zone: room.timeZone }).endOf('month'),
            excluded,
          })),
    );
    // Exactly the bookings that can be in the way (`holdingBlock` written as SQL, as the
    // exclusion constraint and the search's pre-filter have it): a booking's period, its own
    // buffer included, overlapping the span with the new bookings' buffer after it.
    const near = list.map(({ room, span }) => ({
      from: new Date(span.start),
      to: new Date(span.end + room.policy.bufferMinutes * MINUTE),
    }));

    const [schedules, rows] = await this.db.all([
      this.schedule.schedulesOf(
        list.map(({ room, span }) => ({
          roomId: room.id,
          from: new Date(span.start),
          to: new Date(span.end),
        })),
      ),
      this.db.prepared<BookingRow[]>(HOLDING_SQL, [
        list.map(({ room }) => room.id),
        near.map(({ from }) => from),
        near.map(({ to }) => to),
        list.map(({ excluded }) => excluded),
        months.map((m) => m.roomId),
        months.map((m) => m.organizationId),
        months.map((m) => m.from.toJSDate()),
        months.map((m) => m.to.toJSDate()),
        months.map((m) => m.excluded),
      ]),
    ]);
    const holding = list.map((): HoldingSlot[] => []);
    const monthly = months.map((): Span[] => []);
    for (const row of rows) {
      if (row.near) {
        holding[Number(row.n) - 1].push({
          id: row.id,
          organizationId: row.organization_id,
          start: row.start_ms,
          end: row.end_ms,
          bufferMinutes: row.buffer_minutes,
        });
      } else monthly[Number(row.n) - 1].push({ start: row.start_ms, end: row.end_ms });
    }
    const monthlyOf = new Map(
      months.map((m, i) => [`${m.roomId} ${m.organizationId}`, monthly[i]]),
    );

    const contexts = new Map<string, SlotContext>();
    list.forEach(({ room, span, organizations }, i) => {
      const { hours, closures } = schedules[i];
      let first: SlotContext | undefined;
      for (const organizationId of organizations.keys()) {
        const key = `${room.id} ${organizationId}`;
        const own = monthlyOf.get(key) ?? [];
        const context = first
          ? contextFor(first, organizationId, own)
          : (first = slotContext(room, organizationId, span, now, {
              hours,
              closures: closures.map((c) => ({
                start: c.startsAt.getTime(),
                end: c.endsAt.getTime(),
              })),
              holding: holding[i],
              monthly: own,
            }));
        contexts.set(key, context);
      }
    });
    return asked.map((one) => contexts.get(`${one.room.id} ${one.organizationId}`)!);
  }
}

const union = (a: Span, b: Span): Span => ({
  start: Math.min(a.start, b.start),
  end: Math.max(a.end, b.end),
});

import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Brackets, SelectQueryBuilder } from 'typeorm';
import {
  BookingFeedSource,
  CalendarBookingText,
  CalendarDetail,
  CalendarParticipants,
  CalendarSelection,
  CalendarVersion,
  CalendarWindow,
} from '../calendar/calendar.contract';
import { Actor } from '../common/auth/actor';
import { page, PageDto, PageQueryDto } from '../common/pagination/page';
import { BookingAccessService } from './booking-access.service';
import { HoldingSlot } from './booking-rules';
import { Booking, BookingStatus, HOLDING_STATUSES } from './booking.entity';
import { BookingQueryDto } from './dto/booking-query.dto';
import {
  BookingResponseDto,
  SeriesResponseDto,
  toBookingResponse,
  toSeriesResponse,
} from './dto/booking.response.dto';
import { Database } from '../database/database';
import { DatabaseChanges } from '../database/database-changes';
import {
  ComputedAnswer,
  deepFreeze,
  Keeping,
  RememberedAnswers,
} from '../database/remembered-answers';
import { AuditService } from '../audit/audit.service';
import { AuditChangeDto } from '../audit/audit.contract';
import {
  organizationNameSql,
  organizationsOfMemberSql,
} from '../organizations/organizations.contract';
import { roomNamesSql, roomsOfMemberSql } from '../rooms/rooms.contract';

/** A booking as its requester's data export shows it. */
export interface RequestedBooking {
  id: string;
  roomId: string;
  organizationId: string;
  seriesId: string | null;
  status: string;
  startsAt: Date;
  endsAt: Date;
  title: string;
  purpose: string | null;
  createdAt: Date;
}

/**
 * A list of the caller's own bookings as the pages ask for it: their organisations'
 * (`requester`) or the requests for their rooms (`owner`), bookings that ended at most
 * `endedWithinMs` ago (a window that moves with the clock), a page of them.
 */
export interface OwnBookingsQuery {
  as: 'requester' | 'owner';
  organizationId?: string;
  status?: BookingStatus[];
  endedWithinMs?: number;
  limit: number;
  offset: number;
}

/** A list as remembered: its JSON (what the budget counts) and the page itself, frozen. */
interface RememberedList {
  body: Buffer;
  list: Readonly<PageDto<Readonly<BookingResponseDto>>>;
}

/** Lists remembered per process: some 25 rows each, a few KiB of JSON. */
const REMEMBERED = { maxEntries: 5_000, maxBytes: 16 * 1024 * 1024 };

/** Reading bookings: each caller sees their organisations' requests and the requests for their rooms. */
@Injectable()
export class BookingQueriesService implements BookingFeedSource {
  private readonly remembered: RememberedAnswers<RememberedList>;

  constructor(
    private readonly db: Database,
    private readonly access: BookingAccessService,
    private readonly audit: AuditService,
    changes: DatabaseChanges,
  ) {
    this.remembered = new RememberedAnswers(changes, REMEMBERED);
  }

  /**
   * As `list` for the caller's own bookings, remembered while nothing it shows was announced
   * (src/database/README.md): the caller's memberships (`memberships:<user>`), the bookings of
   * their organisations (`organization:<id>`, which also stands for an organisation's name)
   * or of their rooms (`room:<id>`), the names and zones of rooms and venues (`catalogue`),
   * and, for the requests for one's rooms, the names of the organisations on the page. It
   * also ends when the clock takes the first of its bookings out of the window. The same
   * object is given while it is remembered (frozen: nobody changes it), so a page may keep
   * what it made of it. Without announcements every call reads the database.
   */
  async listRemembered(actor: Actor, query: OwnBookingsQuery): Promise<RememberedAnswerOf> {
    const key = [
      actor.id,
      query.as,
      query.organizationId ?? '',
      query.status?.join(',') ?? '',
      query.endedWithinMs ?? '',
      query.limit,
      query.offset,
    ].join('|');
    const { list } = await this.remembered.answer(key, async (keeping) => {
      const from =
        query.endedWithinMs === undefined
          ? undefined
          : new Date(Date.now() - query.endedWithinMs).toISOString();
      const listQuery = Object.assign(new BookingQueryDto(), {
        as: query.as,
        organizationId: query.organizationId,
        status: query.status,
        from,
        limit: query.limit,
        offset: query.offset,
      });
      const [found, keep] = await Promise.all([
        this.list(actor, listQuery),
        keeping ? this.listKeeping(actor.id, query, from) : null,
      ]);
      return rememberedList(found, keep, query);
    });
    return list;
  }

  /**
   * What a caller's own list depends on besides its rows: the keys of their organisations or
   * rooms, and the first end among all its matches (the clock takes that one out first).
   */
  private async listKeeping(
    userId: string,
    query: OwnBookingsQuery,
    from: string | undefined,
  ): Promise<ListKeeping> {
    const column = query.as === 'owner' ? 'room_id' : 'organization_id';
    const keys = MY_KEYS[query.as]('$1');
    const parameters: unknown[] = [userId];
    const param = (value: unknown) => `$${parameters.push(value)}`;
    let firstEnd = 'NULL::float8';
    // The filters' parameters only where they are used (PostgreSQL cannot type unused ones).
    if (from) {
      const filters = [`b.${column} = ANY(ARRAY(SELECT key FROM mine))`];
      if (query.organizationId) filters.push(`b.organization_id = ${param(query.organizationId)}`);
      if (query.status?.length) filters.push(`b.status = ANY(${param(query.status)}::text[])`);
      filters.push(`b.ends_at > ${param(new Date(from))}`);
      firstEnd = `(SELECT ${epochMs('min(b.ends_at)')} FROM bookings b WHERE ${filters.join(' AND ')})`;
    }
    const [row] = await this.db.prepared<{ keys: string[] | null; first_end: number | null }[]>(
      `WITH mine (key) AS MATERIALIZED (${keys})
       SELECT (SELECT array_agg(key) FROM mine) AS keys, ${firstEnd} AS first_end`,
      parameters,
    );
    return { userId, keys: row?.keys ?? [], firstEnd: row?.first_end ?? null };
  }

  private get bookings() {
    return this.db.repository(Booking);
  }

  /**
   * One statement, one round trip: the count of all matches and the page of them with their
   * rooms', venues' and organisations' names. The caller's organisations and rooms are asked
   * inside it (a list was seven queries through entities, most of a page's time).
   *
   * What the caller may see is the bookings of their organisations and of their rooms: the
   * page is drawn from each of those organisations and rooms on its own (a LATERAL per key),
   * its first `offset + limit` matches read in the list's order from its index
   * (`IndexBookingLists`), then merged and cut. The overall first `offset + limit` are among
   * them, and the work no longer grows with all the matches. The count reads those indexes
   * only (where the table's visibility map is current, as autovacuum keeps it). A filter by
   * room, organisation or series leaves one key: PostgreSQL reads that one in order by itself.
   */
  async list(actor: Actor, query: BookingQueryDto): Promise<PageDto<BookingResponseDto>> {
    const parameters: unknown[] = [];
    const param = (value: unknown) => `$${parameters.push(value)}`;
    const filters: string[] = [];
    // The caller's organisations and rooms, each asked once (a CTE: planned once, too).
    const scope: PageSource[] = [];
    if (!actor.isAdmin || query.as) {
      const user = param(actor.id);
      if (query.as !== 'owner') {
        scope.push({
          name: 'my_organizations',
          column: 'organization_id',
          keys: MY_KEYS.requester(user),
        });
      }
      if (query.as !== 'requester') {
        scope.push({
          name: 'my_rooms',
          column: 'room_id',
          keys: MY_KEYS.owner(user),
        });
      }
    }
    const visible = scope.length ? [`(${scope.map(within).join(' OR ')})`] : [];
    if (query.roomId) filters.push(`b.room_id = ${param(query.roomId)}`);
    if (query.organizationId) filters.push(`b.organization_id = ${param(query.organizationId)}`);
    if (query.seriesId) filters.push(`b.series_id = ${param(query.seriesId)}`);
    const sources = query.roomId || query.organizationId || query.seriesId ? [] : scope;
    if (query.status?.length) filters.push(`b.status = ANY(${param(query.status)}::text[])`);
    if (query.from) filters.push(`b.ends_at > ${param(new Date(query.from))}`);
    if (query.to) filters.push(`b.starts_at < ${param(new Date(query.to))}`);
    // Each key's first `offset + limit` (a parameter only where it is used: PostgreSQL cannot
    // tell the type of one it never sees).
    const reach = sources.length ? param(query.offset + query.limit) : '';
    const named = scope.length
      ? `WITH ${scope.map(({ name, keys }) => `${name} (key) AS MATERIALIZED (${keys})`).join(', ')}`
      : '';
    // The count comes first so that a page past the end (or no match) still answers it. The
    // text depends only on which filters are given (a few dozen shapes), so each is prepared
    // once per connection: planning this statement cost more than running it.
    const rows = await this.db.prepared<ListedBooking[]>(
      `${named}
       SELECT t.total, p.* FROM (SELECT (${countOf(sources, visible, filters)})::int AS total) t
       LEFT JOIN LATERAL (
         SELECT b.id, b.room_id, b.organization_id, b.series_id, b.status, b.title, b.purpose,
                b.attendees, b.is_public, b.sequence, b.decision_reason, b.cancel_reason,
                ${epochMs('b.starts_at')} AS starts_at, ${epochMs('b.ends_at')} AS ends_at,
                ${epochMs('b.expires_at')} AS expires_at, ${epochMs('b.decided_at')} AS decided_at,
                ${epochMs('b.cancelled_at')} AS cancelled_at,
                ${epochMs('b.created_at')} AS created_at, ${epochMs('b.updated_at')} AS updated_at,
                r.room_name, r.time_zone, r.venue_name,
                ${organizationNameSql('b.organization_id')} AS organization_name,
                page.place
           -- The page's ids first, then its rows and their names only.
           FROM (SELECT c.id, row_number() OVER (ORDER BY c.starts_at, c.id) AS place
                   FROM (${candidatesOf(sources, visible, filters, reach)}) c
                  ORDER BY c.starts_at, c.id
                  LIMIT ${param(query.limit)} OFFSET ${param(query.offset)}) page
           JOIN bookings b ON b.id = page.id
           JOIN LATERAL (${roomNamesSql('b.room_id')}) r ON true
       ) p ON true
       ORDER BY p.place`,
      parameters,
    );
    const items = rows.filter((row) => row.id !== null).map(listedResponse);
    return page(items, rows[0]?.total ?? 0, query);
  }

  async get(actor: Actor, id: string): Promise<BookingResponseDto> {
    const { found: booking, room } = await this.access.findVisibleBooking(actor, id);
    return toBookingResponse(booking, await this.access.settingOf(room, booking.organizationId));
  }

  /** The booking's audit trail, oldest first, for whoever may see the booking. */
  async history(actor: Actor, id: string, query: PageQueryDto): Promise<PageDto<AuditChangeDto>> {
    await this.access.findVisibleBooking(actor, id);
    const entries = await this.audit.history('booking', id, query);
    return page(
      entries.items.map(({ at, actorId, action, data }) => ({ at, actorId, action, data })),
      entries.total,
      query,
    );
  }

  async getSeries(actor: Actor, id: string): Promise<SeriesResponseDto> {
    const { found: series, room } = await this.access.findVisibleSeries(actor, id);
    const bookings = await this.bookings.find({
      where: { seriesId: id },
      order: { startsAt: 'ASC' },
    });
    return toSeriesResponse(
      series,
      bookings,
      await this.access.settingOf(room, series.organizationId),
    );
  }

  /**
   * The bookings a user requested, newest first, at most `limit` (for the user's data
   * export); `total` counts all of them.
   */
  async requestedBy(
    userId: string,
    limit: number,
  ): Promise<{ items: RequestedBooking[]; total: number }> {
    const [rows, total] = await this.bookings.findAndCount({
      where: { requestedBy: userId },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: limit,
    });
    return {
      total,
      items: rows.map((row) => ({
        id: row.id,
        roomId: row.roomId,
        organizationId: row.organizationId,
        seriesId: row.seriesId,
        status: row.status,
        startsAt: row.startsAt,
        endsAt: row.endsAt,
        title: row.title,
        purpose: row.purpose,
        createdAt: row.createdAt,
      })),
    };
  }

  /** For availability: the bookings holding a room's slots that touch [from, to), buffers included. */
  async holding(roomId: string, from: Date, to: Date): Promise<HoldingSlot[]> {
    // Raw rows with epoch milliseconds: a busy month holds hundreds, and entities and
    // timestamp text cost more than the query.
    const rows = await this.db.query<
      {
        id: string;
        organization_id: string;
        starts_at: number;
        ends_at: number;
        buffer_minutes: number;
      }[]
    >(
      `SELECT id, organization_id, ${epochMs('starts_at')} AS starts_at,
              ${epochMs('ends_at')} AS ends_at, buffer_minutes
         FROM bookings
        WHERE room_id = $1 AND status IN (${HOLDING_STATUSES.map((status) => `'${status}'`).join(', ')})
          AND period && tstzrange($2, $3)
        ORDER BY starts_at`,
      [roomId, from, to],
    );
    return rows.map((row) => ({
      id: row.id,
      organizationId: row.organization_id,
      start: row.starts_at,
      end: row.ends_at,
      bufferMinutes: row.buffer_minutes,
    }));
  }

  /**
   * For calendar feeds: the bookings of `selection` in `window`, oldest first, as one text
   * made by the database (`CalendarBookingText`): a feed of thousands of bookings is one value
   * to receive, not thousands of rows of a dozen strings and numbers each, whose garbage was
   * most of a cold feed's cost. A public feed's text leaves out what it does not show (rooms,
   * organisations, the titles of bookings that are not public).
   */
  async forCalendar(
    selection: CalendarSelection,
    window: CalendarWindow,
    detail: CalendarDetail,
  ): Promise<CalendarBookingText> {
    const builder = this.calendarQuery(selection, window);
    if (!builder) return { count: 0, text: '' };
    // The title runs to the end of its booking, marked by U+001E, so it may not contain one: a
    // control character, which iCalendar text drops anyway.
    const title = `replace(b.title, chr(30), '')`;
    const fields = [
      'b.id',
      'b.status',
      'b.sequence',
      epochSeconds('b.starts_at'),
      epochSeconds('b.ends_at'),
      epochSeconds('b.created_at'),
      epochSeconds('b.updated_at'),
      detail === 'private' ? 'b.room_id' : `''`,
      detail === 'private' ? 'b.organization_id' : `''`,
    ];
    const row = await builder
      .select('count(*)::int', 'count')
      .addSelect(
        `coalesce(string_agg(concat(${fields.join(`, ',', `)}, ',',
           CASE WHEN b.is_public THEN 'P' ELSE '-' END,
           ${detail === 'private' ? title : `CASE WHEN b.is_public THEN ${title} END`},
           chr(30)), '' ORDER BY b.starts_at, b.id), '')`,
        'text',
      )
      .getRawOne<CalendarBookingText>();
    return { count: row?.count ?? 0, text: row?.text ?? '' };
  }

  /**
   * For calendar feeds: a fingerprint of what `forCalendar` would return, computed in the
   * database without sorting or sending the rows. Every change of a booking raises its
   * `updated_at` and its `sequence`, neither ever goes back, and a booking enters or leaves
   * a feed only by such a change or by the window moving on: so the count, the sums of both
   * and the latest change differ whenever the rows do — also when a long transaction commits
   * a change older than the latest one already seen.
   */
  async calendarVersion(
    selection: CalendarSelection,
    window: CalendarWindow,
  ): Promise<CalendarVersion> {
    if ('roomIds' in selection) return this.roomsVersion(selection.roomIds);
    const builder = this.calendarQuery(selection, window);
    if (!builder) return { count: 0, lastChangedAt: null, digest: 'none' };
    const row = await builder
      .select('count(*)::int', 'count')
      .addSelect('max(b.updated_at)', 'last_changed_at')
      .addSelect(
        // extract(epoch) is exact to the microsecond (numeric) since PostgreSQL 14.
        `concat_ws('/', sum(b.sequence), sum(extract(epoch FROM b.updated_at)))`,
        'digest',
      )
      .getRawOne<{ count: number; last_changed_at: Date | null; digest: string }>();
    return {
      count: row?.count ?? 0,
      lastChangedAt: row?.last_changed_at ?? null,
      digest: row?.digest ?? 'none',
    };
  }

  /**
   * Rooms keep a change counter (`room_booking_versions`, raised by a trigger on every
   * booking change in the same transaction): their feeds' fingerprint is a primary-key
   * lookup. Which bookings the window holds is then decided by the counter and the window's
   * day, which the feed's cache key holds too.
   */
  private async roomsVersion(roomIds: string[]): Promise<CalendarVersion> {
    if (roomIds.length === 0) return { count: 0, lastChangedAt: null, digest: 'none' };
    const [row] = await this.bookings.manager.query<
      { version: string | null; changed_at: Date | null }[]
    >(
      `SELECT sum(version)::text AS version, max(changed_at) AS changed_at
         FROM room_booking_versions WHERE room_id = ANY($1::uuid[])`,
      [roomIds],
    );
    const version = Number(row?.version ?? 0);
    return {
      count: version,
      lastChangedAt: row?.changed_at ?? null,
      // Counters only go up: over a fixed set of rooms their sum changes with every change.
      digest: `rooms:${createHash('sha256')
        .update([...roomIds].sort().join())
        .digest('base64url')}:${version}`,
    };
  }

  /** For private calendar feeds: whose bookings in which rooms `forCalendar` would return. */
  async calendarParticipants(
    selection: CalendarSelection,
    window: CalendarWindow,
  ): Promise<CalendarParticipants> {
    const builder = this.calendarQuery(selection, window);
    if (!builder) return { roomIds: [], organizationIds: [] };
    const row = await builder
      .select(`coalesce(array_agg(DISTINCT b.room_id::text), '{}')`, 'room_ids')
      .addSelect(`coalesce(array_agg(DISTINCT b.organization_id::text), '{}')`, 'organization_ids')
      .getRawOne<{ room_ids: string[]; organization_ids: string[] }>();
    return { roomIds: row?.room_ids ?? [], organizationIds: row?.organization_ids ?? [] };
  }

  /** The rows both calendar reads share; null when the selection is empty. */
  private calendarQuery(
    selection: CalendarSelection,
    window: CalendarWindow,
  ): SelectQueryBuilder<Booking> | null {
    const builder = this.bookings.createQueryBuilder('b');
    if ('roomIds' in selection) {
      if (selection.roomIds.length === 0) return null;
      builder.where('b.room_id IN (:...roomIds)', { roomIds: selection.roomIds });
    } else {
      if (selection.organizationIds.length === 0) return null;
      builder.where('b.organization_id IN (:...organizationIds)', {
        organizationIds: selection.organizationIds,
      });
    }
    return builder
      .andWhere('b.starts_at < :to AND b.ends_at > :from', { from: window.from, to: window.to })
      .andWhere(
        new Brackets((where) =>
          where
            .where('b.status IN (:...holding)', { holding: HOLDING_STATUSES })
            .orWhere('b.updated_at >= :releasedSince', { releasedSince: window.releasedSince }),
        ),
      );
  }
}

/**
 * The keys of a caller's own bookings, given the parameter naming the caller: their
 * organisations' ids (`requester`) or their organisations' rooms' ids (`owner`).
 */
const MY_KEYS = {
  requester: (user: string) => `SELECT id FROM (${organizationsOfMemberSql(user)}) mine`,
  owner: roomsOfMemberSql,
};

/** The keys of a caller's own list and the first end of its matches (epoch ms). */
interface ListKeeping {
  userId: string;
  keys: string[];
  firstEnd: number | null;
}

type RememberedAnswerOf = RememberedList['list'];

/** A caller's own list as remembered, with its subjects and the instant the clock changes it. */
function rememberedList(
  found: PageDto<BookingResponseDto>,
  keeping: ListKeeping | null,
  query: OwnBookingsQuery,
): ComputedAnswer<RememberedList> {
  const list = deepFreeze({ ...found, items: [...found.items] }) as RememberedAnswerOf;
  let keep: Keeping | null = null;
  if (keeping) {
    keep = {
      subjects: [
        'catalogue',
        `memberships:${keeping.userId}`,
        ...keeping.keys.map((key) => `${query.as === 'owner' ? 'room' : 'organization'}:${key}`),
        // The names of the requesting organisations on the page.
        ...(query.as === 'owner'
          ? [...new Set(found.items.map((item) => `organization:${item.organizationId}`))]
          : []),
      ],
      expiresAt:
        keeping.firstEnd === null || query.endedWithinMs === undefined
          ? Infinity
          : keeping.firstEnd + query.endedWithinMs,
    };
  }
  return { body: Buffer.from(JSON.stringify(found)), list, keep };
}

/**
 * Bookings a caller may see in `list`: those whose `column` is one of `keys` (a query, which
 * the statement names `name`).
 */
interface PageSource {
  name: string;
  column: 'organization_id' | 'room_id';
  keys: string;
}

/**
 * Whether booking `b` is among a source's, as an array, not `IN (subquery)`: PostgreSQL then
 * reads the few organisations' or rooms' bookings through their indexes instead of joining
 * all bookings.
 */
const within = ({ name, column }: PageSource): string =>
  `b.${column} = ANY(ARRAY(SELECT key FROM ${name}))`;

const where = (conditions: string[]) =>
  conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';

/**
 * How many bookings `list` matches: those of the sources, each counted with the first source
 * it is in (a booking of one's organisation in one's own room is in both), or, without
 * sources, all that are `visible` and pass the `filters`.
 */
function countOf(sources: PageSource[], visible: string[], filters: string[]): string {
  if (!sources.length)
    return `(SELECT count(*) FROM bookings b ${where([...visible, ...filters])})`;
  return sources
    .map(
      (source, at) =>
        `(SELECT count(*) FROM bookings b ${where([
          within(source),
          ...sources.slice(0, at).map((earlier) => `NOT ${within(earlier)}`),
          ...filters,
        ])})`,
    )
    .join(' + ');
}

/**
 * The ids and starts `list` cuts its page from: each source key's first `reach` matches in
 * the list's order (a source's keys imply `visible`; UNION keeps a booking two keys share
 * once), or, without sources, all that are `visible` and pass the `filters`.
 */
function candidatesOf(
  sources: PageSource[],
  visible: string[],
  filters: string[],
  reach: string,
): string {
  if (!sources.length)
    return `SELECT b.id, b.starts_at FROM bookings b ${where([...visible, ...filters])}`;
  return sources
    .map(
      ({ name, column }) =>
        `SELECT f.id, f.starts_at FROM ${name} k CROSS JOIN LATERAL (
           SELECT b.id, b.starts_at FROM bookings b
            ${where([`b.${column} = k.key`, ...filters])}
            ORDER BY b.starts_at, b.id LIMIT ${reach}) f`,
    )
    .join(' UNION ');
}

/** A row of `list`: instants as epoch milliseconds, the names joined in. */
interface ListedBooking {
  total: number;
  id: string;
  room_id: string;
  organization_id: string;
  series_id: string | null;
  status: BookingStatus;
  title: string;
  purpose: string | null;
  attendees: number | null;
  is_public: boolean;
  sequence: number;
  decision_reason: string | null;
  cancel_reason: string | null;
  starts_at: number;
  ends_at: number;
  expires_at: number | null;
  decided_at: number | null;
  cancelled_at: number | null;
  created_at: number;
  updated_at: number;
  room_name: string;
  time_zone: string;
  venue_name: string;
  organization_name: string;
}

const isoOf = (ms: number | null): string | null =>
  ms === null ? null : new Date(ms).toISOString();

/** The same answer `toBookingResponse` gives for the entity. */
function listedResponse(row: ListedBooking): BookingResponseDto {
  return {
    id: row.id,
    roomId: row.room_id,
    roomName: row.room_name,
    venueName: row.venue_name,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    status: row.status,
    startsAt: new Date(row.starts_at).toISOString(),
    endsAt: new Date(row.ends_at).toISOString(),
    timeZone: row.time_zone,
    title: row.title,
    purpose: row.purpose,
    attendees: row.attendees,
    isPublic: row.is_public,
    sequence: row.sequence,
    seriesId: row.series_id,
    expiresAt: isoOf(row.expires_at),
    decidedAt: isoOf(row.decided_at),
    decisionReason: row.decision_reason,
    cancelledAt: isoOf(row.cancelled_at),
    cancelReason: row.cancel_reason,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/**
 * An instant as whole seconds since the epoch, rounded down. `date_part` is float8 (not
 * numeric, as `extract` is since PostgreSQL 14, which cost a calendar feed four numeric
 * divisions per row): the microseconds since the epoch, exact in a float8 up to the year 2255,
 * divided by 10⁶ and correctly rounded, are never rounded up to the next whole second.
 */
const epochSeconds = (column: string): string => `floor(date_part('epoch', ${column}))::int8`;

/** An instant as whole epoch milliseconds (float8, which pg hands over as a number). */
const epochMs = (column: string): string => `floor(extract(epoch FROM ${column}) * 1000)::float8`;

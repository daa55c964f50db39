import { Inject, Injectable, Optional } from '@nestjs/common';
import { DateTime } from 'luxon';
import { SelectQueryBuilder } from 'typeorm';
import { Actor } from '../common/auth/actor';
import { MessageCatalogue } from '../common/i18n/message-catalogue';
import { page, PageDto } from '../common/pagination/page';
import { Interval } from '../common/time/intervals';
import { fieldError } from '../common/validation/validation';
import { RoomFeatureResponseDto } from './dto/room-feature.response.dto';
import { RoomQueryDto } from './dto/room-query.dto';
import { RoomResponseDto, toRoomResponse } from './dto/room.response.dto';
import { listedSql, RoomAccessService } from './room-access.service';
import { POLICY_COLUMNS, policyOfRow, PolicyRow } from './room-policy';
import { FREE_WINDOW_CHECK, FreeWindowCandidate, FreeWindowCheck } from './rooms.contract';
import { RoomScheduleService } from './room-schedule.service';
import { Room, ROOM_FEATURES } from './room.entity';
import { Database } from '../database/database';
import { ChangesMark, DatabaseChanges } from '../database/database-changes';
import { ComputedValue, PublicAnswers } from '../database/public-answers';

// Words are matched with both the German and the English dictionary, so that "Küchen" finds
// "Küche" and "kitchens" finds "kitchen"; a room's own words weigh more than its venue's.
const MATCHES = `(r.search @@ websearch_to_tsquery('german', :q)
  OR r.search @@ websearch_to_tsquery('english', :q)
  OR v.search @@ websearch_to_tsquery('german', :q)
  OR v.search @@ websearch_to_tsquery('english', :q))`;
const RANK = `ts_rank(r.search, websearch_to_tsquery('german', :q))
  + ts_rank(r.search, websearch_to_tsquery('english', :q))
  + 0.5 * ts_rank(v.search, websearch_to_tsquery('german', :q))
  + 0.5 * ts_rank(v.search, websearch_to_tsquery('english', :q))`;

// The free-window search's SQL is only a pre-filter: it may let through a room the rules
// refuse, never drop one they accept. Each candidate is then judged by the rules a booking
// request is judged by (FreeWindowCheck.confirm). The window must start on a weekday the
// room opens, at a wall-clock time near one of that day's intervals (three hours of slack
// cover any change of daylight saving time); its length, notice and horizon fit the room's
// policy (with five minutes of slack for the clocks of database and service).
const LOCAL_FROM = `(CAST(:freeFrom AS timestamptz) AT TIME ZONE r.time_zone)`;
const FROM_SECONDS = `EXTRACT(EPOCH FROM CAST(${LOCAL_FROM} AS time))`;
const FREE_CANDIDATE = `(
  EXISTS (
    SELECT 1 FROM room_opening_hours h
     WHERE h.room_id = r.id
       AND h.weekday = EXTRACT(ISODOW FROM ${LOCAL_FROM})
       AND (h.valid_from IS NULL OR h.valid_from <= CAST(${LOCAL_FROM} AS date))
       AND (h.valid_to IS NULL OR h.valid_to > CAST(${LOCAL_FROM} AS date))
       AND EXTRACT(EPOCH FROM h.opens) <= ${FROM_SECONDS} + 10800
       AND EXTRACT(EPOCH FROM h.closes) > ${FROM_SECONDS} - 10800)
  AND r.min_duration_minutes <= :minutes AND r.max_duration_minutes >= :minutes
  AND CAST(:freeFrom AS timestamptz)
        >= now() - interval '5 minutes' + make_interval(hours => r.lead_time_hours)
  AND CAST(:freeFrom AS timestamptz)
        <= now() + interval '5 minutes' + make_interval(days => r.horizon_days))`;

/** What the rules need of a candidate, in the same query: the weeks valid in the window. */
const HOURS = `(SELECT coalesce(json_agg(json_build_array(h.weekday, h.opens, h.closes,
                                                       h.valid_from, h.valid_to)), '[]')
  FROM room_opening_hours h WHERE h.room_id = r.id
   AND (h.valid_from IS NULL OR h.valid_from <= CAST(${LOCAL_FROM} AS date) + 8)
   AND (h.valid_to IS NULL OR h.valid_to >= CAST(${LOCAL_FROM} AS date) - 1))`;
const CLOSURES = `(SELECT coalesce(json_agg(json_build_array(c.starts_at, c.ends_at)), '[]')
  FROM room_closures c WHERE c.room_id = r.id
   AND tstzrange(c.starts_at, c.ends_at)
       && tstzrange(CAST(:freeFrom AS timestamptz), CAST(:freeTo AS timestamptz)))`;

interface CandidateRow extends PolicyRow {
  id: string;
  time_zone: string;
  hours: [number, string, string, string | null, string | null][];
  closures: [string, string][];
}

const candidateOf = (row: CandidateRow): FreeWindowCandidate => ({
  id: row.id,
  timeZone: row.time_zone,
  policy: policyOfRow(row),
  hours: row.hours.map(([weekday, opens, closes, validFrom, validTo]) => ({
    weekday,
    opens,
    closes,
    validFrom,
    validTo,
  })),
  closures: row.closures.map(([start, end]) => ({
    start: Date.parse(start),
    end: Date.parse(end),
  })),
});

/** A raw row of a room query with `listedSql()` selected as `listed`. */
interface ListedRow {
  r_id: string;
  listed: boolean;
}

/** The ids of the listed rooms among the rows. */
const listedById = (rows: ListedRow[]): Set<string> =>
  new Set(rows.filter((row) => row.listed).map((row) => row.r_id));

const MAX_FREE_WINDOW_DAYS = 7;

function checkFreeWindow({ freeFrom, freeTo }: RoomQueryDto): void {
  if (!freeFrom && !freeTo) return;
  if (!freeFrom || !freeTo)
    throw fieldError(freeFrom ? 'freeTo' : 'freeFrom', 'validation.isDefined');
  const minutes = (Date.parse(freeTo) - Date.parse(freeFrom)) / 60_000;
  if (minutes <= 0) throw fieldError('freeTo', 'validation.endsAfterStart');
  if (minutes > MAX_FREE_WINDOW_DAYS * 24 * 60) {
    throw fieldError('freeTo', 'validation.windowTooLong', { days: MAX_FREE_WINDOW_DAYS });
  }
}

/**
 * The key of a public answer: every filter, normalised (features as a set, ids in lower case,
 * instants to the microsecond however they were written), bounded by the DTO's limits.
 */
/**
 * The key of the public's answer, for callers who see no more than the public; null for
 * members of organisations with unlisted rooms, and admins, who get an answer of their own.
 */
function publicKey(insiderOf: string[] | 'all', query: RoomQueryDto): string | null {
  return insiderOf === 'all' || insiderOf.length ? null : searchKey(query);
}

function searchKey(query: RoomQueryDto): string {
  const features = query.features?.length ? [...new Set(query.features)].sort() : null;
  return JSON.stringify([
    query.capacityMin ?? null,
    features,
    query.stepFree ?? null,
    query.accessibleToilet ?? null,
    query.hearingLoop ?? null,
    query.district || null,
    query.venueId?.toLowerCase() ?? null,
    query.organizationId?.toLowerCase() ?? null,
    query.active ?? null,
    query.q || null,
    query.freeFrom && query.freeTo
      ? [microseconds(query.freeFrom), microseconds(query.freeTo)]
      : null,
    query.limit,
    query.offset,
  ]);
}

/** An ISO instant (up to six decimals, as `IsInstant` allows) as epoch microseconds. */
function microseconds(instant: string): string {
  const fraction = /T[^.]*\.(\d+)/.exec(instant)?.[1] ?? '';
  return `${Date.parse(instant)}${fraction.padEnd(6, '0').slice(3, 6)}`;
}

const DAY = 86_400_000;

/**
 * The `day:` subjects a free-window search depends on: a booking is in the way of a window only
 * if its period (its own buffer included) overlaps the window extended by the room's buffer,
 * so by the days of the window widened by the largest buffer.
 */
function daysAround(window: Interval, maxBufferMinutes: number): string[] {
  const widen = maxBufferMinutes * 60_000;
  const days: string[] = [];
  for (let day = Math.floor((window.start - widen) / DAY) * DAY; day <= window.end + widen;) {
    days.push(`day:${new Date(day).toISOString().slice(0, 10)}`);
    day += DAY;
  }
  return days;
}

/** The next local midnight after `now` in any of these zones (the rooms' "today" moves). */
function nextMidnight(zones: Iterable<string>, now: number): number {
  let next = Infinity;
  for (const zone of new Set(zones)) {
    const midnight = DateTime.fromMillis(now, { zone }).startOf('day').plus({ days: 1 });
    next = Math.min(next, midnight.toMillis());
  }
  return next;
}

/** What kept answers need to know of the whole catalogue; read again after it changed. */
interface CatalogueFacts {
  maxBufferMinutes: number;
  timings: { leadTimeHours: number; horizonDays: number }[];
}

/** Public answers kept in memory: about 30 KB for a page of twenty rooms. */
const REMEMBERED = { maxEntries: 5_000, maxBytes: 32 * 1024 * 1024 };

/** The room catalogue as anyone may search it. */
@Injectable()
export class RoomSearchService {
  private readonly remembered: PublicAnswers<PageDto<RoomResponseDto>>;
  private facts: { mark: ChangesMark; facts: CatalogueFacts } | null = null;

  constructor(
    private readonly db: Database,
    private readonly access: RoomAccessService,
    private readonly schedule: RoomScheduleService,
    private readonly catalogue: MessageCatalogue,
    private readonly changes: DatabaseChanges,
    @Optional() @Inject(FREE_WINDOW_CHECK) private readonly freeWindow?: FreeWindowCheck,
  ) {
    this.remembered = new PublicAnswers(changes, REMEMBERED);
  }

  private get rooms() {
    return this.db.repository(Room);
  }

  /**
   * Without a free window: one query for the page and the total, every filter SQL. With one:
   * the candidates from SQL, confirmed by the booking rules, then the page of those.
   */
  async search(actor: Actor | undefined, query: RoomQueryDto): Promise<PageDto<RoomResponseDto>> {
    checkFreeWindow(query);
    return this.run(await this.access.insiderOrganizationIds(actor), query, Date.now());
  }

  /**
   * As `search`, but what the public gets is read from memory while current (`searchAsJson`):
   * for the pages, which show what the API sends.
   */
  async searchRemembered(
    actor: Actor | undefined,
    query: RoomQueryDto,
  ): Promise<PageDto<RoomResponseDto>> {
    checkFreeWindow(query);
    const insiderOf = await this.access.insiderOrganizationIds(actor);
    return this.remembered.value(publicKey(insiderOf, query), (keeping) =>
      this.computed(insiderOf, query, keeping),
    );
  }

  /**
   * As `search`, as the JSON bytes sent. What the public gets (and anyone who sees no more than
   * the public) is kept in memory while nothing it was made of changed: the catalogue (rooms,
   * venues, verification, opening hours, closures: `catalogue`), the bookings near a free
   * window (`day:` subjects), and the clock — the rooms' "today" for the opening hours shown,
   * and the instants at which notice or horizon would judge the window differently. Members of
   * an organisation with unlisted rooms, and admins, get an answer of their own.
   */
  async searchAsJson(actor: Actor | undefined, query: RoomQueryDto): Promise<Buffer> {
    checkFreeWindow(query);
    const insiderOf = await this.access.insiderOrganizationIds(actor);
    return this.remembered.json(publicKey(insiderOf, query), (keeping) =>
      this.computed(insiderOf, query, keeping),
    );
  }

  /** The answer for `query`, and, when it is to be kept, what it depends on. */
  private async computed(
    insiderOf: string[] | 'all',
    query: RoomQueryDto,
    keeping: boolean,
  ): Promise<ComputedValue<PageDto<RoomResponseDto>>> {
    const now = Date.now();
    const [facts, value] = await Promise.all([
      keeping ? this.catalogueFacts() : null,
      this.run(insiderOf, query, now),
    ]);
    if (!facts) return { value, keep: null };
    const subjects = ['catalogue'];
    let expiresAt = nextMidnight(
      value.items.map((room) => room.timeZone),
      now,
    );
    if (query.freeFrom && query.freeTo) {
      const window = { start: Date.parse(query.freeFrom), end: Date.parse(query.freeTo) };
      subjects.push(...daysAround(window, facts.maxBufferMinutes));
      if (this.freeWindow) {
        expiresAt = Math.min(
          expiresAt,
          this.freeWindow.verdictChangesAt(facts.timings, window.start, now),
        );
      }
    }
    return { value, keep: { subjects, expiresAt } };
  }

  /**
   * The largest buffer and the distinct notice and horizon settings of all rooms, kept while
   * `catalogue` is not announced. Of all rooms, not only those a search matched: a room
   * outside a free window's result because of its buffer or timing is what may enter it.
   */
  private async catalogueFacts(): Promise<CatalogueFacts> {
    const known = this.facts;
    if (known && this.changes.isCurrent(known.mark, ['catalogue'])) return known.facts;
    const mark = this.changes.mark();
    const [row] = await this.db.query<
      { max_buffer: number | null; timings: [number, number][] | null }[]
    >(
      `SELECT max(buffer_minutes) AS max_buffer,
              json_agg(DISTINCT jsonb_build_array(lead_time_hours, horizon_days)) AS timings
         FROM rooms`,
    );
    const facts: CatalogueFacts = {
      maxBufferMinutes: row.max_buffer ?? 0,
      timings: (row.timings ?? []).map(([leadTimeHours, horizonDays]) => ({
        leadTimeHours,
        horizonDays,
      })),
    };
    if (mark) this.facts = { mark, facts };
    return facts;
  }

  private async run(
    insiderOf: string[] | 'all',
    query: RoomQueryDto,
    now: number,
  ): Promise<PageDto<RoomResponseDto>> {
    const builder = this.filtered(insiderOf, query);
    if (query.q) builder.orderBy(RANK, 'DESC');
    builder.addOrderBy('lower(r.name)').addOrderBy('r.id');
    if (query.freeFrom && query.freeTo) {
      return this.freeInWindow(
        builder,
        query,
        { start: Date.parse(query.freeFrom), end: Date.parse(query.freeTo) },
        now,
      );
    }

    // The total from the same query (a window count), so the filters run once.
    builder.limit(query.limit).offset(query.offset).addSelect('count(*) OVER ()', 'total');
    const { entities: rooms, raw } = await builder
      .addSelect(listedSql(), 'listed')
      .getRawAndEntities<ListedRow & { total: string }>();
    const total = raw.length ? Number(raw[0].total) : await builder.getCount();
    const hours = await this.schedule.openingHoursOfRooms(rooms.map((room) => room.id));
    const listed = listedById(raw);
    const items = rooms.map((room) =>
      toRoomResponse(room, room.venue!, hours.get(room.id) ?? [], listed.has(room.id)),
    );
    return page(items, total, query);
  }

  private async freeInWindow(
    builder: SelectQueryBuilder<Room>,
    query: RoomQueryDto,
    window: Interval,
    now: number,
  ): Promise<PageDto<RoomResponseDto>> {
    builder.andWhere(FREE_CANDIDATE, {
      freeFrom: query.freeFrom,
      freeTo: query.freeTo,
      minutes: (window.end - window.start) / 60_000,
    });
    if (this.freeWindow) builder.andWhere(`NOT ${this.freeWindow.takenCondition('r')}`);
    const rows = await builder
      .select(['r.id AS id', 'r.time_zone AS time_zone'])
      .addSelect(POLICY_COLUMNS.map((column) => `r.${column} AS ${column}`))
      .addSelect(HOURS, 'hours')
      .addSelect(CLOSURES, 'closures')
      .getRawMany<CandidateRow>();
    const candidates = rows.map(candidateOf);
    const free = this.freeWindow
      ? await this.freeWindow.confirm(candidates, window, now)
      : new Set(candidates.map((candidate) => candidate.id));
    const found = candidates.filter((candidate) => free.has(candidate.id));
    const shown = found.slice(query.offset, query.offset + query.limit);
    const { entities: rooms, raw } = shown.length
      ? await this.rooms
          .createQueryBuilder('r')
          .innerJoinAndSelect('r.venue', 'v')
          .addSelect(listedSql(), 'listed')
          .where('r.id IN (:...ids)', { ids: shown.map((candidate) => candidate.id) })
          .getRawAndEntities<ListedRow>()
      : { entities: [], raw: [] };
    const byId = new Map(rooms.map((room) => [room.id, room]));
    const listed = listedById(raw);
    // The week shown is today's, as everywhere else; the window's weeks judged the rules.
    const hours = await this.schedule.openingHoursOfRooms(rooms.map((room) => room.id));
    const items = shown.flatMap((candidate) => {
      const room = byId.get(candidate.id);
      return room
        ? [toRoomResponse(room, room.venue!, hours.get(room.id) ?? [], listed.has(room.id))]
        : [];
    });
    return page(items, found.length, query);
  }

  /** Every filter but the free window, as SQL, for a caller who sees `insiderOf`'s rooms too. */
  private filtered(insiderOf: string[] | 'all', query: RoomQueryDto): SelectQueryBuilder<Room> {
    const builder = this.rooms.createQueryBuilder('r').innerJoinAndSelect('r.venue', 'v');
    if (insiderOf !== 'all') {
      builder.andWhere(`(${listedSql()} OR v.organization_id = ANY(CAST(:insiderOf AS uuid[])))`, {
        insiderOf,
      });
    }
    if (query.active !== undefined)
      builder.andWhere('r.active = :active', { active: query.active });
    if (query.capacityMin !== undefined) {
      builder.andWhere('r.capacity >= :capacityMin', { capacityMin: query.capacityMin });
    }
    if (query.features?.length) {
      builder.andWhere('r.features @> CAST(:features AS text[])', { features: query.features });
    }
    for (const flag of ['stepFree', 'accessibleToilet', 'hearingLoop'] as const) {
      if (query[flag] !== undefined)
        builder.andWhere(`r.${flag} = :${flag}`, { [flag]: query[flag] });
    }
    if (query.district) {
      builder.andWhere('lower(v.district) = lower(:district)', { district: query.district });
    }
    if (query.venueId) builder.andWhere('r.venue_id = :venueId', { venueId: query.venueId });
    if (query.organizationId) {
      builder.andWhere('v.organization_id = :organizationId', {
        organizationId: query.organizationId,
      });
    }
    if (query.q) builder.andWhere(MATCHES, { q: query.q });
    return builder;
  }

  /** The feature vocabulary with labels in the caller's language. */
  features(acceptLanguage: string | undefined): RoomFeatureResponseDto[] {
    const locale = this.catalogue.negotiate(acceptLanguage);
    return ROOM_FEATURES.map((key) => ({
      key,
      label: this.catalogue.t(locale, `rooms.features.${key}`),
    }));
  }
}

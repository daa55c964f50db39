import { Inject, Injectable, Optional } from '@nestjs/common';
import { Actor } from '../common/auth/actor';
import { MessageCatalogue } from '../common/i18n/message-catalogue';
import { page, PageDto } from '../common/pagination/page';
import { fieldError } from '../common/validation/validation';
import { RoomFeatureResponseDto } from './dto/room-feature.response.dto';
import { RoomQueryDto } from './dto/room-query.dto';
import { RoomResponseDto, toRoomResponse } from './dto/room.response.dto';
import { RoomAccessService } from './room-access.service';
import { ROOM_OCCUPANCY, RoomOccupancy } from './rooms.contract';
import { RoomScheduleService } from './room-schedule.service';
import { Room, ROOM_FEATURES } from './room.entity';
import { Database } from '../database/database';

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

// A room is free for [freeFrom, freeTo) when the window lies in one of its opening intervals
// (local wall-clock time in the room's own zone), touches no closure, fits its rules for
// length, notice and horizon, and (see RoomOccupancy) no booking is in the way.
const LOCAL_FROM = `(CAST(:freeFrom AS timestamptz) AT TIME ZONE r.time_zone)`;
const LOCAL_TO = `(CAST(:freeTo AS timestamptz) AT TIME ZONE r.time_zone)`;
const FREE_IN_WINDOW = `(
  EXISTS (
    SELECT 1 FROM room_opening_hours h
     WHERE h.room_id = r.id
       AND h.weekday = EXTRACT(ISODOW FROM ${LOCAL_FROM})
       AND h.opens <= CAST(${LOCAL_FROM} AS time)
       AND ${LOCAL_TO} <= date_trunc('day', ${LOCAL_FROM}) + h.closes)
  AND NOT EXISTS (
    SELECT 1 FROM room_closures c
     WHERE c.room_id = r.id
       AND tstzrange(c.starts_at, c.ends_at) && tstzrange(CAST(:freeFrom AS timestamptz), CAST(:freeTo AS timestamptz)))
  AND r.min_duration_minutes <= :minutes AND r.max_duration_minutes >= :minutes
  AND CAST(:freeFrom AS timestamptz) >= now() + make_interval(hours => r.lead_time_hours)
  AND CAST(:freeFrom AS timestamptz) <= now() + make_interval(days => r.horizon_days))`;

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

/** The room catalogue as anyone may search it. */
@Injectable()
export class RoomSearchService {
  constructor(
    private readonly db: Database,
    private readonly access: RoomAccessService,
    private readonly schedule: RoomScheduleService,
    private readonly catalogue: MessageCatalogue,
    @Optional() @Inject(ROOM_OCCUPANCY) private readonly occupancy?: RoomOccupancy,
  ) {}

  private get rooms() {
    return this.db.repository(Room);
  }

  /** One query for the page and one for the total; every filter is SQL. */
  async search(actor: Actor | undefined, query: RoomQueryDto): Promise<PageDto<RoomResponseDto>> {
    const builder = this.rooms
      .createQueryBuilder('r')
      .innerJoinAndSelect('r.venue', 'v')
      .limit(query.limit)
      .offset(query.offset);

    const insiderOf = await this.access.insiderOrganizationIds(actor);
    if (insiderOf !== 'all') {
      builder.andWhere('(r.active OR v.organization_id = ANY(CAST(:insiderOf AS uuid[])))', {
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
    checkFreeWindow(query);
    if (query.freeFrom && query.freeTo) {
      builder.andWhere(FREE_IN_WINDOW, {
        freeFrom: query.freeFrom,
        freeTo: query.freeTo,
        minutes: (Date.parse(query.freeTo) - Date.parse(query.freeFrom)) / 60_000,
      });
      if (this.occupancy) builder.andWhere(`NOT ${this.occupancy.takenCondition('r')}`);
    }
    if (query.q) {
      builder.andWhere(MATCHES, { q: query.q }).orderBy(RANK, 'DESC');
    }
    builder.addOrderBy('lower(r.name)').addOrderBy('r.id');

    // The total from the same query (a window count), so the filters run once.
    builder.addSelect('count(*) OVER ()', 'total');
    const { entities: rooms, raw } = await builder.getRawAndEntities<{ total: string }>();
    const total = raw.length ? Number(raw[0].total) : await builder.getCount();
    const hours = await this.schedule.openingHoursOfRooms(rooms.map((room) => room.id));
    const items = rooms.map((room) => toRoomResponse(room, room.venue!, hours.get(room.id) ?? []));
    return page(items, total, query);
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

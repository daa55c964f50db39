import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Actor } from '../common/auth/actor';
import { MessageCatalogue } from '../common/i18n/message-catalogue';
import { page, PageDto } from '../common/pagination/page';
import { RoomFeatureResponseDto } from './dto/room-feature.response.dto';
import { RoomQueryDto } from './dto/room-query.dto';
import { RoomResponseDto, toRoomResponse } from './dto/room.response.dto';
import { RoomAccessService } from './room-access.service';
import { RoomScheduleService } from './room-schedule.service';
import { Room, ROOM_FEATURES } from './room.entity';

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

/** The room catalogue as anyone may search it. */
@Injectable()
export class RoomSearchService {
  constructor(
    @InjectRepository(Room) private readonly rooms: Repository<Room>,
    private readonly access: RoomAccessService,
    private readonly schedule: RoomScheduleService,
    private readonly catalogue: MessageCatalogue,
  ) {}

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
    if (query.q) {
      builder.andWhere(MATCHES, { q: query.q }).orderBy(RANK, 'DESC');
    }
    builder.addOrderBy('lower(r.name)').addOrderBy('r.id');

    const [rooms, total] = await builder.getManyAndCount();
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

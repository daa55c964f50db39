import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, Repository } from 'typeorm';
import { Actor } from '../common/auth/actor';
import { page, PageDto } from '../common/pagination/page';
import { RoomsService } from '../rooms/rooms.service';
import { BookingAccessService } from './booking-access.service';
import { HoldingSlot } from './booking-rules';
import { BookingSeries } from './booking-series.entity';
import { Booking, HOLDING_STATUSES } from './booking.entity';
import { toBookingResponse } from './booking.mapper';
import { BookingErrors } from './bookings.errors';
import { BookingQueryDto } from './dto/booking-query.dto';
import { BookingResponseDto, SeriesResponseDto } from './dto/booking.response.dto';

/** Reading bookings: each caller sees their organisations' requests and the requests for their rooms. */
@Injectable()
export class BookingQueriesService {
  constructor(
    @InjectRepository(Booking) private readonly bookings: Repository<Booking>,
    @InjectRepository(BookingSeries) private readonly series: Repository<BookingSeries>,
    private readonly rooms: RoomsService,
    private readonly access: BookingAccessService,
  ) {}

  async list(actor: Actor, query: BookingQueryDto): Promise<PageDto<BookingResponseDto>> {
    const scope = await this.access.scope(actor);
    const builder = this.bookings
      .createQueryBuilder('b')
      .orderBy('b.starts_at')
      .addOrderBy('b.id')
      .limit(query.limit)
      .offset(query.offset);
    if (!actor.isAdmin || query.as) {
      const organizations = [...scope.organizationIds];
      const ownedRooms = await this.rooms.roomIdsOwnedBy(organizations);
      const mine = query.as !== 'owner' && organizations.length > 0;
      const owned = query.as !== 'requester' && ownedRooms.length > 0;
      if (!mine && !owned) return page([], 0, query);
      builder.andWhere(
        new Brackets((where) => {
          if (mine) where.orWhere('b.organization_id IN (:...organizations)', { organizations });
          if (owned) where.orWhere('b.room_id IN (:...ownedRooms)', { ownedRooms });
        }),
      );
    }
    if (query.roomId) builder.andWhere('b.room_id = :roomId', { roomId: query.roomId });
    if (query.organizationId) {
      builder.andWhere('b.organization_id = :organizationId', {
        organizationId: query.organizationId,
      });
    }
    if (query.seriesId) builder.andWhere('b.series_id = :seriesId', { seriesId: query.seriesId });
    if (query.status?.length)
      builder.andWhere('b.status IN (:...status)', { status: query.status });
    if (query.from) builder.andWhere('b.ends_at > :from', { from: new Date(query.from) });
    if (query.to) builder.andWhere('b.starts_at < :to', { to: new Date(query.to) });

    const [rows, total] = await builder.getManyAndCount();
    const zones = await this.rooms.timeZonesOf(rows.map((row) => row.roomId));
    return page(
      rows.map((row) => toBookingResponse(row, zones.get(row.roomId) ?? 'UTC')),
      total,
      query,
    );
  }

  async get(actor: Actor, id: string): Promise<BookingResponseDto> {
    const booking = await this.bookings.findOne({ where: { id } });
    if (!booking) throw BookingErrors.BOOKING_NOT_FOUND();
    const room = await this.rooms.bookingProfile(booking.roomId);
    const scope = await this.access.scope(actor);
    if (!this.access.canSee(scope, booking, room.organizationId))
      throw BookingErrors.BOOKING_NOT_FOUND();
    return toBookingResponse(booking, room.timeZone);
  }

  async getSeries(actor: Actor, id: string): Promise<SeriesResponseDto> {
    const series = await this.series.findOne({ where: { id } });
    if (!series) throw BookingErrors.SERIES_NOT_FOUND();
    const room = await this.rooms.bookingProfile(series.roomId);
    const scope = await this.access.scope(actor);
    if (!this.access.canSee(scope, series, room.organizationId))
      throw BookingErrors.SERIES_NOT_FOUND();
    const bookings = await this.bookings.find({
      where: { seriesId: id },
      order: { startsAt: 'ASC' },
    });
    return {
      id: series.id,
      roomId: series.roomId,
      organizationId: series.organizationId,
      rrule: series.rrule,
      timeZone: series.timeZone,
      until: series.until?.toISOString() ?? null,
      count: series.count,
      title: series.title,
      bookings: bookings.map((booking) => toBookingResponse(booking, room.timeZone)),
    };
  }

  /** For availability: the bookings holding a room's slots that touch [from, to), buffers included. */
  async holding(roomId: string, from: Date, to: Date): Promise<HoldingSlot[]> {
    const rows = await this.bookings
      .createQueryBuilder('b')
      .select(['b.id', 'b.organizationId', 'b.startsAt', 'b.endsAt', 'b.bufferMinutes'])
      .where('b.room_id = :roomId', { roomId })
      .andWhere('b.status IN (:...holding)', { holding: HOLDING_STATUSES })
      .andWhere('b.period && tstzrange(CAST(:from AS timestamptz), CAST(:to AS timestamptz))', {
        from,
        to,
      })
      .orderBy('b.starts_at')
      .getMany();
    return rows.map((row) => ({
      id: row.id,
      organizationId: row.organizationId,
      start: row.startsAt.getTime(),
      end: row.endsAt.getTime(),
      bufferMinutes: row.bufferMinutes,
    }));
  }
}

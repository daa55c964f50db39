import { Injectable } from '@nestjs/common';
import { Actor } from '../common/auth/actor';
import { fieldError } from '../common/validation/validation';
import { BookingQueriesService } from '../bookings/booking-queries.service';
import { RoomAccessService } from '../rooms/room-access.service';
import { RoomScheduleService } from '../rooms/room-schedule.service';
import { AvailabilityErrors } from './availability.errors';
import { computeAvailability } from './availability';
import { Interval } from '../common/time/intervals';
import { AvailabilityResponseDto, PeriodDto } from './dto/availability.dto';

export const MAX_WINDOW_DAYS = 92;
const DAY = 86_400_000;

const periods = (intervals: Interval[]): PeriodDto[] =>
  intervals.map((interval) => ({
    startsAt: new Date(interval.start).toISOString(),
    endsAt: new Date(interval.end).toISOString(),
  }));

/** Open, busy and free time of one room, from three queries and one pass over their rows. */
@Injectable()
export class AvailabilityService {
  constructor(
    private readonly access: RoomAccessService,
    private readonly schedule: RoomScheduleService,
    private readonly bookings: BookingQueriesService,
  ) {}

  async forRoom(actor: Actor | undefined, roomId: string, fromText: string, toText: string) {
    const from = new Date(fromText);
    const to = new Date(toText);
    if (to <= from) throw fieldError('to', 'validation.endsAfterStart');
    if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY) {
      throw AvailabilityErrors.WINDOW_TOO_LARGE({ days: MAX_WINDOW_DAYS });
    }
    const { room } = await this.access.visibleRoom(actor, roomId);
    const [hours, closures, holding] = await Promise.all([
      this.schedule.openingHoursOf(roomId),
      this.schedule.closuresOverlapping(roomId, from, to),
      // A booking just after the window can still block its end through the buffer.
      this.bookings.holding(roomId, from, new Date(to.getTime() + room.bufferMinutes * 60_000)),
    ]);
    const result = computeAvailability({
      zone: room.timeZone,
      hours: hours.map((h) => ({ weekday: h.weekday, opens: h.opens, closes: h.closes })),
      closures: closures.map((c) => ({ start: c.startsAt.getTime(), end: c.endsAt.getTime() })),
      bookings: holding,
      bufferMinutes: room.bufferMinutes,
      from: from.getTime(),
      to: to.getTime(),
    });
    const response: AvailabilityResponseDto = {
      roomId,
      timeZone: room.timeZone,
      from: from.toISOString(),
      to: to.toISOString(),
      open: periods(result.open),
      busy: periods(result.busy),
      free: periods(result.free),
    };
    return response;
  }
}

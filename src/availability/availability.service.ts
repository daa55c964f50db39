import { Injectable } from '@nestjs/common';
import { Actor } from '../common/auth/actor';
import { fieldError } from '../common/validation/validation';
import { BookingQueriesService } from '../bookings/booking-queries.service';
import { DatabaseChanges } from '../database/database-changes';
import { ComputedValue, PublicAnswers } from '../database/public-answers';
import { RoomScheduleService } from '../rooms/room-schedule.service';
import { RoomsService } from '../rooms/rooms.service';
import { AvailabilityErrors } from './availability.errors';
import { computeAvailability } from './availability';
import { AvailabilityResponseDto, toAvailabilityResponse } from './dto/availability.dto';

export const MAX_WINDOW_DAYS = 92;
const DAY = 86_400_000;

/** Answers kept in memory: about 20 KB for a busy month, so some 1,600 of them at most. */
const REMEMBERED = { maxEntries: 5_000, maxBytes: 32 * 1024 * 1024 };

/**
 * Open, busy and free time of one room, from three queries and one pass over their rows. An
 * answer does not depend on the clock (only on the room, its venue and organisation, opening
 * hours, closures and holding bookings, all announced as `room:<id>` and `venue:<id>`), so on
 * a database server the answer of a listed room is kept in memory and sent again until one of
 * them is announced.
 */
@Injectable()
export class AvailabilityService {
  private readonly remembered: PublicAnswers<AvailabilityResponseDto>;

  constructor(
    private readonly rooms: RoomsService,
    private readonly schedule: RoomScheduleService,
    private readonly bookings: BookingQueriesService,
    changes: DatabaseChanges,
  ) {
    this.remembered = new PublicAnswers(changes, REMEMBERED);
  }

  async forRoom(
    actor: Actor | undefined,
    roomId: string,
    fromText: string,
    toText: string,
  ): Promise<AvailabilityResponseDto> {
    const { from, to } = windowOf(fromText, toText);
    return (await this.compute(actor, roomId, from, to)).value;
  }

  /** As `forRoom`, read from memory while current (`forRoomAsJson`): for the room page. */
  forRoomRemembered(
    actor: Actor | undefined,
    roomId: string,
    fromText: string,
    toText: string,
  ): Promise<AvailabilityResponseDto> {
    const { from, to } = windowOf(fromText, toText);
    return this.remembered.value(keyOf(roomId, from, to), () =>
      this.compute(actor, roomId, from, to),
    );
  }

  /**
   * The answer as the JSON bytes sent — from memory while nothing it was made of changed. The
   * key is the room as asked for (the answer repeats it) and the window's instants, however
   * they were written.
   */
  forRoomAsJson(
    actor: Actor | undefined,
    roomId: string,
    fromText: string,
    toText: string,
  ): Promise<Buffer> {
    const { from, to } = windowOf(fromText, toText);
    return this.remembered.json(keyOf(roomId, from, to), () =>
      this.compute(actor, roomId, from, to),
    );
  }

  private async compute(
    actor: Actor | undefined,
    roomId: string,
    from: Date,
    to: Date,
  ): Promise<ComputedValue<AvailabilityResponseDto>> {
    const { profile: room, listed } = await this.rooms.visibleListing(actor, roomId);
    const [{ hours, closures }, holding] = await Promise.all([
      this.schedule.scheduleOf(roomId, from, to),
      // A booking just after the window can still block its end through the buffer.
      this.bookings.holding(
        roomId,
        from,
        new Date(to.getTime() + room.policy.bufferMinutes * 60_000),
      ),
    ]);
    const result = computeAvailability({
      zone: room.timeZone,
      hours,
      closures: closures.map((c) => ({ start: c.startsAt.getTime(), end: c.endsAt.getTime() })),
      bookings: holding,
      bufferMinutes: room.policy.bufferMinutes,
      from: from.getTime(),
      to: to.getTime(),
    });
    return {
      value: toAvailabilityResponse(roomId, room.timeZone, from, to, result),
      // An insider's view of a room the public does not see is theirs alone.
      keep: listed
        ? { subjects: [`room:${room.id}`, `venue:${room.venueId}`], expiresAt: Infinity }
        : null,
    };
  }
}

const keyOf = (roomId: string, from: Date, to: Date): string =>
  `${roomId}|${from.getTime()}|${to.getTime()}`;

function windowOf(fromText: string, toText: string): { from: Date; to: Date } {
  const from = new Date(fromText);
  const to = new Date(toText);
  if (to <= from) throw fieldError('to', 'validation.endsAfterStart');
  if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY) {
    throw AvailabilityErrors.WINDOW_TOO_LARGE({ days: MAX_WINDOW_DAYS });
  }
  return { from, to };
}

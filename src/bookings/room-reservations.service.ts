import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Actor } from '../common/auth/actor';
import { Database } from '../database/database';
import { BookingDecisionsService } from './booking-decisions.service';
import { BookingRequestsService } from './booking-requests.service';
import { Booking } from './booking.entity';
import { Reservation, ReservationRequest } from './bookings.contract';
import { BookingResponseDto } from './dto/booking.response.dto';

/**
 * Bookings that other modules make for their own purposes (the forum books its sessions'
 * rooms in the agency's name): the very request, move and cancel paths of the API — same
 * rules, same lock, same constraint, same mails to the room's owners — called from inside
 * the caller's transaction, so that a session and its booking are made or refused together.
 * A booking in a room with manual approval stays pending (tentative) until its owners
 * approve it, as any other.
 */
@Injectable()
export class RoomReservationsService {
  constructor(
    private readonly db: Database,
    private readonly requests: BookingRequestsService,
    private readonly decisions: BookingDecisionsService,
  ) {}

  /**
   * The calling module answers for the actor's right to book in the organisation's name
   * (staff for the agency, a mentor for the organisation they are assigned to).
   */
  async reserve(actor: Actor, request: ReservationRequest): Promise<Reservation> {
    const booking = (await this.requests.create(
      actor,
      {
        roomId: request.roomId,
        organizationId: request.organizationId,
        startsAt: request.startsAt.toISOString(),
        endsAt: request.endsAt.toISOString(),
        title: request.title,
        isPublic: request.isPublic,
      },
      { vouched: true },
    )) as BookingResponseDto;
    return reservationOf(booking);
  }

  /** A new time for the booking, judged like a new request (pending again on manual rooms). */
  async move(actor: Actor, bookingId: string, startsAt: Date, endsAt: Date): Promise<Reservation> {
    const booking = await this.requests.update(actor, bookingId, {
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
    });
    return reservationOf(booking);
  }

  async rename(actor: Actor, bookingId: string, title: string): Promise<void> {
    await this.requests.update(actor, bookingId, { title });
  }

  /** Cancels the booking if it still holds its slot; one that no longer does is left as it is. */
  async release(actor: Actor, bookingId: string, reason?: string): Promise<void> {
    const booking = await this.db.repository(Booking).findOne({ where: { id: bookingId } });
    if (!booking || !['pending', 'approved'].includes(booking.status)) return;
    if (booking.endsAt.getTime() <= Date.now()) return;
    await this.decisions.cancel(actor, bookingId, reason);
  }

  /** The bookings with these ids (unknown ones are left out). */
  async find(ids: string[]): Promise<Map<string, Reservation>> {
    if (ids.length === 0) return new Map();
    const bookings = await this.db.repository(Booking).find({
      where: { id: In([...new Set(ids)]) },
      select: { id: true, roomId: true, status: true, startsAt: true, endsAt: true },
    });
    return new Map(bookings.map((booking) => [booking.id, reservationOf(booking)]));
  }
}

function reservationOf(booking: {
  id: string;
  roomId: string;
  status: string;
  startsAt: Date | string;
  endsAt: Date | string;
}): Reservation {
  return {
    id: booking.id,
    roomId: booking.roomId,
    status: booking.status,
    startsAt: new Date(booking.startsAt),
    endsAt: new Date(booking.endsAt),
  };
}

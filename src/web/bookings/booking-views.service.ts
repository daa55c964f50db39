import { Injectable } from '@nestjs/common';
import { BookingQueriesService } from '../../bookings/booking-queries.service';
import { Actor } from '../../common/auth/actor';
import { OrganizationsService } from '../../organizations/organizations.service';
import { RoomsService } from '../../rooms/rooms.service';

type BookingAnswer = Awaited<ReturnType<BookingQueriesService['get']>>;

/** A booking as a page lists it (the answer names its room, venue and organisation). */
export interface BookingRow extends BookingAnswer {
  start: Date;
  end: Date;
}

/** The names and roles that pages show around the bookings services' answers. */
@Injectable()
export class BookingViews {
  constructor(
    private readonly queries: BookingQueriesService,
    private readonly rooms: RoomsService,
    private readonly organizations: OrganizationsService,
  ) {}

  rows(bookings: BookingAnswer[]): BookingRow[] {
    return bookings.map((booking) => ({
      ...booking,
      start: new Date(booking.startsAt),
      end: new Date(booking.endsAt),
    }));
  }

  myOrganizations(actor: Actor): Promise<readonly { id: string; name: string }[]> {
    return this.organizations.namedOfRemembered(actor.id, 100);
  }

  /**
   * One booking (already checked visible to the actor) with what they may do: its requester
   * cancels, its room's owners decide and cancel and see what else is asked for that time.
   */
  async detail(actor: Actor, booking: BookingAnswer) {
    const [row] = this.rows([booking]);
    const room = await this.rooms.profile(booking.roomId);
    const [requesterRole, ownerRole] = await Promise.all([
      this.organizations.roleOf(actor.id, booking.organizationId),
      this.organizations.roleOf(actor.id, room.organizationId),
    ]);
    const isOwner = actor.isAdmin || ownerRole !== null;
    const isRequester = actor.isAdmin || requesterRole !== null;
    const open = booking.status === 'pending' || booking.status === 'approved';
    const concurrent =
      isOwner && booking.status === 'pending'
        ? (
            await this.queries.list(actor, {
              // A room holds one request at a time: what competes is in the owner's other rooms.
              as: 'owner',
              status: ['pending', 'approved'],
              from: booking.startsAt,
              to: booking.endsAt,
              limit: 20,
              offset: 0,
            })
          ).items.filter((other) => other.id !== booking.id)
        : [];
    return {
      booking: row,
      room,
      canDecide: isOwner && booking.status === 'pending',
      canCancel: open && (isOwner || isRequester) && new Date(booking.endsAt) > new Date(),
      concurrent: this.rows(concurrent),
    };
  }
}

import { Injectable } from '@nestjs/common';
import { Actor } from '../common/auth/actor';
import { CommonErrors, DomainError } from '../common/errors/domain-error';
import { Database } from '../database/database';
import { OrganizationSummary, OrganizationsService } from '../organizations/organizations.service';
import { RoomProfile } from '../rooms/rooms.contract';
import { RoomsService } from '../rooms/rooms.service';
import { BookingSeries } from './booking-series.entity';
import { Booking } from './booking.entity';
import { BookingErrors } from './bookings.errors';
import { BookingSetting } from './dto/booking.response.dto';

/**
 * Who may do what with bookings. The requesting side: members of the booking's
 * organisation. The owning side: members of the organisation that owns the room's venue.
 * Admins may do everything.
 */
export interface ActorScope {
  actor: Actor;
  /** Organisations the actor belongs to. */
  organizationIds: Set<string>;
}

/** A booking (or series) the actor may see, with its room and the actor's organisations. */
export interface Visible<T> {
  found: T;
  room: RoomProfile;
  scope: ActorScope;
}

@Injectable()
export class BookingAccessService {
  constructor(
    private readonly db: Database,
    private readonly rooms: RoomsService,
    private readonly organizations: OrganizationsService,
  ) {}

  /**
   * The booking if the actor may see it (either side, or an admin); BOOKING_NOT_FOUND
   * otherwise, so that nobody learns whether an id they may not see exists.
   */
  async findVisibleBooking(actor: Actor, id: string): Promise<Visible<Booking>> {
    const booking = await this.db.repository(Booking).findOne({ where: { id } });
    return this.visible(actor, booking, BookingErrors.BOOKING_NOT_FOUND);
  }

  /** The series if the actor may see it; SERIES_NOT_FOUND otherwise. */
  async findVisibleSeries(actor: Actor, id: string): Promise<Visible<BookingSeries>> {
    const series = await this.db.repository(BookingSeries).findOne({ where: { id } });
    return this.visible(actor, series, BookingErrors.SERIES_NOT_FOUND);
  }

  private async visible<T extends { roomId: string; organizationId: string }>(
    actor: Actor,
    found: T | null,
    notFound: () => DomainError,
  ): Promise<Visible<T>> {
    if (!found) throw notFound();
    const room = await this.rooms.profile(found.roomId);
    const scope = await this.scope(actor);
    if (!this.canSee(scope, found, room.organizationId)) throw notFound();
    return { found, room, scope };
  }

  /** The zone and names a booking of this room and organisation is answered with. */
  async settingOf(room: RoomProfile, organizationId: string): Promise<BookingSetting> {
    const { name } = await this.organizations.summary(organizationId);
    return settingOf(room, name);
  }

  /** Name and verification of the organisation a request is made for. */
  organization(id: string) {
    return this.organizations.summary(id);
  }

  /**
   * The same for a new request, with `assertRequester`'s rule in the same query: members and
   * admins request in the organisation's name, and whoever the calling module `vouched` for.
   * NOT_MEMBER_OF_ORGANIZATION comes first, so that nobody learns which organisations exist.
   */
  async requesting(actor: Actor, id: string, vouched: boolean): Promise<OrganizationSummary> {
    const [answer] = await this.requestingAll([{ actor, id, vouched }]);
    if (answer instanceof DomainError) throw answer;
    return answer;
  }

  /**
   * As `requesting` for several requests (a batch), in one statement for all that exist: for
   * each, in order, the organisation or the problem `requesting` would throw.
   */
  async requestingAll(
    asked: readonly { actor: Actor; id: string; vouched: boolean }[],
  ): Promise<(OrganizationSummary | DomainError)[]> {
    const found = await this.organizations.summariesFor(
      asked.map(({ actor, id }) => ({ id, userId: actor.id })),
    );
    const answers: (OrganizationSummary | DomainError)[] = [];
    for (const [i, { actor, id, vouched }] of asked.entries()) {
      const one = found[i];
      if (!vouched && !actor.isAdmin && !one?.member) {
        answers.push(BookingErrors.NOT_MEMBER_OF_ORGANIZATION());
      } else if (one) answers.push({ id, name: one.name, verified: one.verified });
      else {
        // None: organisations' own answer for an unknown id (ORGANIZATION_NOT_FOUND).
        answers.push(
          await this.organizations.summary(id).catch((error: unknown) => {
            if (error instanceof DomainError) return error;
            throw error;
          }),
        );
      }
    }
    return answers;
  }

  /** Names of organisations holding conflicting slots that this actor may learn. */
  async holderNames(
    scope: ActorScope,
    holderIds: string[],
    roomOrganizationId: string,
  ): Promise<Map<string, string>> {
    const owner = this.isOwner(scope, roomOrganizationId);
    return this.organizations.namesOf(
      holderIds.filter((id) => owner || scope.organizationIds.has(id)),
    );
  }

  async scope(actor: Actor): Promise<ActorScope> {
    return {
      actor,
      organizationIds: new Set(await this.organizations.organizationIdsOf(actor.id)),
    };
  }

  /** Members request for their own organisation only. */
  assertRequester(scope: ActorScope, organizationId: string): void {
    if (scope.actor.isAdmin || scope.organizationIds.has(organizationId)) return;
    throw BookingErrors.NOT_MEMBER_OF_ORGANIZATION();
  }

  isRequester(scope: ActorScope, booking: { organizationId: string }): boolean {
    return scope.actor.isAdmin || scope.organizationIds.has(booking.organizationId);
  }

  isOwner(scope: ActorScope, roomOrganizationId: string): boolean {
    return scope.actor.isAdmin || scope.organizationIds.has(roomOrganizationId);
  }

  canSee(scope: ActorScope, booking: { organizationId: string }, roomOrganizationId: string) {
    return this.isRequester(scope, booking) || this.isOwner(scope, roomOrganizationId);
  }

  assertOwner(scope: ActorScope, roomOrganizationId: string): void {
    if (!this.isOwner(scope, roomOrganizationId)) throw CommonErrors.FORBIDDEN();
  }

  assertRequesterOrOwner(
    scope: ActorScope,
    booking: { organizationId: string },
    roomOrganizationId: string,
  ): void {
    if (!this.canSee(scope, booking, roomOrganizationId)) throw CommonErrors.FORBIDDEN();
  }
}

export const settingOf = (room: RoomProfile, organizationName: string): BookingSetting => ({
  timeZone: room.timeZone,
  roomName: room.name,
  venueName: room.venueName,
  organizationName,
});

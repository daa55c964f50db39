import { Injectable } from '@nestjs/common';
import { Actor } from '../common/auth/actor';
import { CommonErrors } from '../common/errors/domain-error';
import { OrganizationsService } from '../organizations/organizations.service';
import { BookingErrors } from './bookings.errors';

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

@Injectable()
export class BookingAccessService {
  constructor(private readonly organizations: OrganizationsService) {}

  /** Name and verification of the organisation a request is made for. */
  organization(id: string) {
    return this.organizations.summary(id);
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

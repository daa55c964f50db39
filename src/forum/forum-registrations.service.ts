import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { Actor } from '../common/auth/actor';
import { page, PageDto } from '../common/pagination/page';
import { Database } from '../database/database';
import { OrganizationsService } from '../organizations/organizations.service';
import { CreateRegistrationDto } from './dto/create-registration.dto';
import { RegistrationQueryDto } from './dto/registration-query.dto';
import {
  OwnRegistrationResponseDto,
  RegistrationCreatedDto,
  RegistrationResponseDto,
  toRegistrationResponse,
} from './dto/registration.response.dto';
import { ForumNoticesService } from './forum-notices.service';
import { ForumQueueService } from './forum-queue.service';
import { ForumRegistration } from './forum-registration.entity';
import { ForumSession } from './forum-session.entity';
import { ForumSessionsService } from './forum-sessions.service';
import { ForumErrors } from './forum.errors';
import { registrationRefusal } from './registration-window';

/** A private link's secret: 256 random bits, base64url. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const hashOf = (token: string): Buffer => createHash('sha256').update(token).digest();

/**
 * Registrations for a session. Every one that takes or frees places locks the session's row
 * first (`FOR UPDATE`), so that registrations of one session are decided one after the
 * other, in the order they got the lock — the order of arrival — and `places_taken` is
 * written by one transaction at a time; the CHECK on it is the guarantee underneath.
 */
@Injectable()
export class ForumRegistrationsService {
  constructor(
    private readonly db: Database,
    private readonly organizations: OrganizationsService,
    private readonly queue: ForumQueueService,
    private readonly notices: ForumNoticesService,
    private readonly sessions: ForumSessionsService,
  ) {}

  async register(
    actor: Actor | undefined,
    sessionId: string,
    input: CreateRegistrationDto,
  ): Promise<RegistrationCreatedDto> {
    const staff = actor?.isAdmin === true;
    const email = input.email?.toLowerCase();
    if (!email && !staff) throw ForumErrors.EMAIL_REQUIRED();
    const memberOf = actor
      ? new Set(await this.organizations.organizationIdsOf(actor.id))
      : new Set();
    if (input.organizationId && !staff && !memberOf.has(input.organizationId)) {
      throw ForumErrors.NOT_YOUR_ORGANIZATION();
    }
    const token = randomBytes(32).toString('base64url');

    return this.db.transaction(async () => {
      const session = await this.queue.lockSession(sessionId);
      if (!session || (session.status === 'draft' && !staff)) throw ForumErrors.SESSION_NOT_FOUND();
      const now = new Date();
      assertOpen(session, now, staff);
      if (session.audience === 'members' && !staff && memberOf.size === 0) {
        throw ForumErrors.MEMBERS_ONLY();
      }
      if (email) {
        const twice = await this.db.manager
          .createQueryBuilder(ForumRegistration, 'r')
          .where('r.session_id = :sessionId AND lower(r.email) = :email', { sessionId, email })
          .andWhere(`r.status <> 'cancelled'`)
          .getExists();
        if (twice) throw ForumErrors.ALREADY_REGISTERED();
      }
      const registration = await this.db.manager.save(
        this.db.manager.create(ForumRegistration, {
          sessionId,
          status: 'waitlisted',
          places: input.places,
          name: input.name,
          email: email ?? null,
          locale: input.locale,
          accessibilityNeeds: input.accessibilityNeeds ?? null,
          organizationId: input.organizationId ?? null,
          userId: actor?.id ?? null,
          tokenHash: hashOf(token),
        }),
      );
      // The newcomer joins the end of the queue, and the one rule decides for all.
      const confirmed = (await this.queue.settle(session, now, registration.id)).has(
        registration.id,
      );
      registration.status = confirmed ? 'confirmed' : 'waitlisted';
      const position = confirmed
        ? null
        : ((await this.queue.positions(sessionId)).get(registration.id) ?? null);
      await this.notices.tell(confirmed ? 'confirmed' : 'waitlisted', session, [
        { registration, token, waitlistPosition: position },
      ]);
      return {
        id: registration.id,
        sessionId,
        status: registration.status,
        waitlistPosition: position,
        places: registration.places,
        manageUrl: this.notices.manageUrl(token),
      };
    });
  }

  /** Staff see every registration; an organisation's members see their organisation's. */
  async list(
    actor: Actor,
    sessionId: string,
    query: RegistrationQueryDto,
  ): Promise<PageDto<RegistrationResponseDto>> {
    const session = await this.db.manager.findOne(ForumSession, { where: { id: sessionId } });
    if (!session || (session.status === 'draft' && !actor.isAdmin)) {
      throw ForumErrors.SESSION_NOT_FOUND();
    }
    const builder = this.db.manager
      .createQueryBuilder(ForumRegistration, 'r')
      .where('r.session_id = :sessionId', { sessionId });
    if (!actor.isAdmin) {
      const organizationIds = await this.organizations.organizationIdsOf(actor.id);
      if (organizationIds.length === 0) return page([], 0, query);
      builder.andWhere('r.organization_id IN (:...organizationIds)', { organizationIds });
    }
    if (query.status) builder.andWhere('r.status = :status', { status: query.status });
    const [registrations, total] = await builder
      .orderBy('r.arrival', 'ASC')
      .take(query.limit)
      .skip(query.offset)
      .getManyAndCount();
    const positions = await this.queue.positions(sessionId);
    return page(
      registrations.map((r) => toRegistrationResponse(r, positions.get(r.id) ?? null)),
      total,
      query,
    );
  }

  /** What the private link shows. Unknown, malformed and erased links are all the same 404. */
  async own(token: string): Promise<OwnRegistrationResponseDto> {
    const registration = await this.byToken(token);
    const session = await this.db.manager.findOneByOrFail(ForumSession, {
      id: registration.sessionId,
    });
    const positions = await this.queue.positions(session.id);
    const [view] = await this.sessions.views([session]);
    return {
      ...toRegistrationResponse(registration, positions.get(registration.id) ?? null),
      session: view,
    };
  }

  /** Cancels through the private link; a freed place goes to the queue at once. */
  async cancelOwn(token: string): Promise<OwnRegistrationResponseDto> {
    await this.cancel(await this.byToken(token));
    return this.own(token);
  }

  /**
   * Staff cancel a registration for its registrant (who phoned in): the same path as the
   * private link's — the same mail to the registrant, the same queue rule for the place.
   */
  async cancelByStaff(
    actor: Actor,
    id: string,
    sessionId?: string,
  ): Promise<RegistrationResponseDto> {
    if (!actor.isAdmin) throw ForumErrors.REGISTRATION_NOT_FOUND();
    const found = await this.db.manager.findOne(ForumRegistration, { where: { id } });
    // A page names the session too: a registration of another one is not found there.
    if (!found || (sessionId !== undefined && found.sessionId !== sessionId)) {
      throw ForumErrors.REGISTRATION_NOT_FOUND();
    }
    await this.cancel(found);
    const cancelled = await this.db.manager.findOneByOrFail(ForumRegistration, { id });
    return toRegistrationResponse(cancelled, null);
  }

  /**
   * Cancels one registration, the session's row locked first like every change of places;
   * the registrant is told and a freed place goes to the queue at once.
   */
  private async cancel(found: ForumRegistration): Promise<void> {
    await this.db.transaction(async () => {
      const session = await this.queue.lockSession(found.sessionId);
      if (!session) throw ForumErrors.REGISTRATION_NOT_FOUND();
      const registration = await this.db.manager.findOneOrFail(ForumRegistration, {
        where: { id: found.id },
        lock: { mode: 'pessimistic_write' },
      });
      if (registration.status === 'cancelled') throw ForumErrors.REGISTRATION_ALREADY_CANCELLED();
      const now = new Date();
      if (session.endsAt.getTime() <= now.getTime()) throw ForumErrors.SESSION_OVER();
      const wasConfirmed = registration.status === 'confirmed';
      await this.db.manager.update(
        ForumRegistration,
        { id: registration.id },
        { status: 'cancelled', cancelledAt: now, cancelledFrom: registration.status },
      );
      registration.status = 'cancelled';
      if (wasConfirmed) {
        session.placesTaken -= registration.places;
        await this.db.manager.update(
          ForumSession,
          { id: session.id },
          { placesTaken: session.placesTaken },
        );
      }
      await this.notices.tell('cancelled', session, [{ registration, hasEvent: wasConfirmed }]);
      if (session.status !== 'cancelled') await this.queue.settle(session, now);
    });
  }

  private async byToken(token: string): Promise<ForumRegistration> {
    if (!TOKEN.test(token)) throw ForumErrors.REGISTRATION_NOT_FOUND();
    const registration = await this.db.manager.findOne(ForumRegistration, {
      where: { tokenHash: hashOf(token) },
    });
    if (!registration || registration.erasedAt) throw ForumErrors.REGISTRATION_NOT_FOUND();
    return registration;
  }
}

/** Throws the refusal of the one registration rule (`registration-window.ts`), if any. */
function assertOpen(session: ForumSession, now: Date, staff: boolean): void {
  const refusal = registrationRefusal(session, now, staff);
  if (refusal) throw ForumErrors[refusal]();
}

import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Database } from '../database/database';
import { ForumMailKind } from './forum-mails';
import { ForumNoticesService } from './forum-notices.service';
import { ForumRegistration } from './forum-registration.entity';
import { ForumSession } from './forum-session.entity';
import { promotions } from './waitlist';

/**
 * Applies the queue rule (`waitlist.ts`) to a session whose row the caller has locked
 * (`FOR UPDATE`), inside the caller's transaction: every path that takes or frees places
 * comes through here, so there is one rule and one writer of `places_taken` at a time.
 */
@Injectable()
export class ForumQueueService {
  constructor(
    private readonly db: Database,
    private readonly notices: ForumNoticesService,
  ) {}

  /** Locks the session's row until the transaction ends; SESSION_NOT_FOUND is the caller's. */
  lockSession(id: string): Promise<ForumSession | null> {
    return this.db.manager.findOne(ForumSession, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /**
   * Confirms those waiting who fit now, raises `places_taken` (the CHECK holds it within
   * capacity) and mails them — except `newcomerId`, whose own answer tells them. Returns
   * the ids confirmed.
   */
  async settle(session: ForumSession, now: Date, newcomerId?: string): Promise<Set<string>> {
    const waiting = await this.db.manager.find(ForumRegistration, {
      where: { sessionId: session.id, status: 'waitlisted' },
      order: { arrival: 'ASC' },
    });
    if (waiting.length === 0) return new Set();
    const taken = await this.db.query<{ organization_id: string; places: string }[]>(
      `SELECT organization_id, sum(places) AS places FROM forum_registrations
        WHERE session_id = $1 AND status = 'confirmed' AND organization_id IS NOT NULL
        GROUP BY organization_id`,
      [session.id],
    );
    const ids = promotions(
      {
        capacity: session.capacity,
        placesTaken: session.placesTaken,
        maxPlacesPerOrganization: session.maxPlacesPerOrganization,
        takenByOrganization: new Map(taken.map((row) => [row.organization_id, Number(row.places)])),
        startsAt: session.startsAt,
      },
      waiting,
      now,
    );
    if (ids.length === 0) return new Set();
    const promoted = waiting.filter((registration) => ids.includes(registration.id));
    await this.db.manager.update(
      ForumRegistration,
      { id: In(ids) },
      { status: 'confirmed', promotedAt: now },
    );
    session.placesTaken += promoted.reduce((sum, registration) => sum + registration.places, 0);
    await this.db.manager.update(
      ForumSession,
      { id: session.id },
      { placesTaken: session.placesTaken },
    );
    const announce = promoted
      .filter((registration) => registration.id !== newcomerId)
      .map((registration) => ({ registration: { ...registration, status: 'confirmed' as const } }));
    await this.notices.tell('promoted', session, announce);
    return new Set(ids);
  }

  /** The place in the queue of each waiting registration of the session (1 = next). */
  async positions(sessionId: string): Promise<Map<string, number>> {
    const waiting = await this.db.manager.find(ForumRegistration, {
      where: { sessionId, status: 'waitlisted' },
      order: { arrival: 'ASC' },
      select: { id: true },
    });
    return new Map(waiting.map((registration, index) => [registration.id, index + 1]));
  }

  /** Cancels every registration still holding or awaiting places, with the session. */
  async cancelAll(session: ForumSession, now: Date): Promise<void> {
    await this.db.query(
      `UPDATE forum_registrations
          SET status = 'cancelled', cancelled_from = status, cancelled_at = $2, updated_at = $2
        WHERE session_id = $1 AND status IN ('confirmed', 'waitlisted')`,
      [session.id, now],
    );
    session.placesTaken = 0;
    await this.db.manager.update(ForumSession, { id: session.id }, { placesTaken: 0 });
  }

  /** Tells everyone still registered (confirmed or waiting) of a change to the session. */
  async tellRegistrants(
    kind: Extract<ForumMailKind, 'moved' | 'sessionCancelled'>,
    session: ForumSession,
    extra: { previous?: { startsAt: Date; endsAt: Date }; reason?: string | null },
  ): Promise<number> {
    const registrations = await this.db.manager.find(ForumRegistration, {
      where: { sessionId: session.id, status: In(['confirmed', 'waitlisted']) },
      order: { arrival: 'ASC' },
    });
    return this.notices.tell(
      kind,
      session,
      registrations.map((registration) => ({ registration })),
      extra,
    );
  }
}

import { Injectable, OnModuleInit } from '@nestjs/common';
import { RoomReservationsService } from '../bookings/room-reservations.service';
import {
  CalendarWindow,
  EventFeedSource,
  EventFeedSubject,
  FeedEvent,
} from '../calendar/calendar.contract';
import { EventFeedSourcesService } from '../calendar/event-feed-sources.service';
import { Database } from '../database/database';
import { RoomsService } from '../rooms/rooms.service';
import { SessionTranslations, sessionText } from './session-text';

/** A feed shows at most this many sessions (a monthly forum has a few dozen a year). */
const MAX_FEED_SESSIONS = 2000;

interface SessionRow {
  id: string;
  title: string;
  description: string | null;
  translations: SessionTranslations;
  roomId: string;
  bookingId: string | null;
  startsAt: Date;
  endsAt: Date;
  status: string;
  sequence: number;
  createdAt: Date;
  updatedAt: Date;
  /** Whether the subject still takes part (the public: always). */
  live: boolean;
}

const COLUMNS = `s.id, s.title, s.description, s.translations, s.room_id AS "roomId", s.booking_id AS "bookingId",
  s.starts_at AS "startsAt", s.ends_at AS "endsAt", s.status, s.sequence,
  s.created_at AS "createdAt"`;

/**
 * The forum's sessions in calendar feeds (`EventFeedSource`): the public programme
 * (`forum.ics`: published public sessions; cancelled ones only if once published) and, in organisations' feeds, the sessions their
 * members registered for in the organisation's name (confirmed places). UID `<session
 * id>@<host>` and SEQUENCE as in the registrants' mailed invitations. A session that is off —
 * cancelled, or the organisation's confirmed places cancelled — stays as STATUS:CANCELLED
 * for the window's `releasedSince`, like a booking.
 */
@Injectable()
export class ForumFeedService implements EventFeedSource, OnModuleInit {
  constructor(
    private readonly db: Database,
    private readonly rooms: RoomsService,
    private readonly reservations: RoomReservationsService,
    private readonly sources: EventFeedSourcesService,
  ) {}

  onModuleInit(): void {
    this.sources.register(this);
  }

  /** Forum feeds belong to no one in particular: the public, or an organisation. */
  feedSubjectOwner(): Promise<null> {
    return Promise.resolve(null);
  }

  async feedEvents(
    subject: EventFeedSubject,
    window: CalendarWindow,
    locale: string,
  ): Promise<FeedEvent[]> {
    if (subject.scope === 'public') return this.events(await this.publicSessions(window), locale);
    if (subject.scope === 'organizations' && subject.organizationIds.length > 0) {
      return this.events(await this.sessionsOf(subject.organizationIds, window), locale);
    }
    return [];
  }

  private publicSessions(window: CalendarWindow): Promise<SessionRow[]> {
    return this.db.query<SessionRow[]>(
      `SELECT ${COLUMNS}, s.updated_at AS "updatedAt", true AS live
         FROM forum_sessions s
        WHERE s.audience = 'public' AND s.starts_at < $2 AND s.ends_at > $1
          AND (s.status = 'published'
               OR (s.status = 'cancelled' AND s.cancelled_at >= $3
                   AND s.published_at IS NOT NULL))
        ORDER BY s.starts_at, s.id LIMIT $4`,
      [window.from, window.to, window.releasedSince, MAX_FEED_SESSIONS],
    );
  }

  /** Sessions with the organisations' confirmed places, or with places they lately lost. */
  private sessionsOf(organizationIds: string[], window: CalendarWindow): Promise<SessionRow[]> {
    return this.db.query<SessionRow[]>(
      `SELECT ${COLUMNS}, greatest(s.updated_at, max(r.updated_at)) AS "updatedAt",
              bool_or(r.status = 'confirmed') AS live
         FROM forum_sessions s
         JOIN forum_registrations r ON r.session_id = s.id
        WHERE r.organization_id = ANY($1::uuid[]) AND s.status <> 'draft'
          AND s.starts_at < $3 AND s.ends_at > $2
          AND (r.status = 'confirmed'
               OR (r.status = 'cancelled' AND r.cancelled_from = 'confirmed'
                   AND r.cancelled_at >= $4))
        GROUP BY s.id
        ORDER BY s.starts_at, s.id LIMIT $5`,
      [organizationIds, window.from, window.to, window.releasedSince, MAX_FEED_SESSIONS],
    );
  }

  private async events(rows: SessionRow[], locale: string): Promise<FeedEvent[]> {
    if (rows.length === 0) return [];
    const [rooms, bookings] = await Promise.all([
      this.rooms.profiles(rows.map((row) => row.roomId)),
      this.reservations.find(rows.flatMap((row) => row.bookingId ?? [])),
    ]);
    return rows.map((row): FeedEvent => {
      const booking = row.bookingId ? bookings.get(row.bookingId) : undefined;
      const text = sessionText(row, locale);
      return {
        id: row.id,
        startsAt: new Date(row.startsAt),
        endsAt: new Date(row.endsAt),
        summary: text.title,
        description: text.description,
        location: rooms.get(row.roomId)?.location ?? null,
        // As the session's page says: tentative until the room's booking is approved.
        status:
          row.status === 'cancelled' || !row.live
            ? 'cancelled'
            : booking?.status === 'approved'
              ? 'confirmed'
              : 'tentative',
        sequence: row.sequence,
        createdAt: new Date(row.createdAt),
        updatedAt: new Date(row.updatedAt),
      };
    });
  }
}

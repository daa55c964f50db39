import { Inject, Injectable } from '@nestjs/common';
import { bookingUid, buildCalendar } from '../calendar/calendar.contract';
import { MessageCatalogue } from '../common/i18n/message-catalogue';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { NotificationsService } from '../notifications/notifications.service';
import { NewOutboxMessage, OutboxService } from '../notifications/outbox.service';
import { RoomsService } from '../rooms/rooms.service';
import { ForumMailKind, renderForumMail } from './forum-mails';
import { ForumRegistration } from './forum-registration.entity';
import { ForumSession } from './forum-session.entity';
import { sessionText } from './session-text';

/** One registrant to tell, with what only this mail knows. */
export interface Addressee {
  registration: ForumRegistration;
  /** The private link's secret: only at registration, the one time it exists in clear. */
  token?: string;
  waitlistPosition?: number | null;
  /** Whether the registrant has the event in their calendar; default: unless waiting. */
  hasEvent?: boolean;
}

/** Mails that carry the session as an event (iMIP): REQUEST, or CANCEL once it is off. */
const INVITES: Partial<Record<ForumMailKind, 'REQUEST' | 'CANCEL'>> = {
  confirmed: 'REQUEST',
  promoted: 'REQUEST',
  moved: 'REQUEST',
  cancelled: 'CANCEL',
  sessionCancelled: 'CANCEL',
};

/**
 * Writes the registrants' mails to the outbox, in the transaction of the change they tell
 * of, in each registrant's language, with the session's event attached where it changed:
 * UID `<session id>@<host>` as in the forum feed, the session's SEQUENCE.
 */
@Injectable()
export class ForumNoticesService {
  constructor(
    private readonly outbox: OutboxService,
    private readonly notifications: NotificationsService,
    private readonly rooms: RoomsService,
    private readonly catalogue: MessageCatalogue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The private link of a registration: its page (the API answers the same secret at
   * /api/forum/registrations/:token). */
  manageUrl(token: string): string {
    return `${this.config.publicUrl.replace(/\/$/, '')}/forum/registrations/${token}`;
  }

  async tell(
    kind: ForumMailKind,
    session: ForumSession,
    addressees: readonly Addressee[],
    extra: { previous?: { startsAt: Date; endsAt: Date }; reason?: string | null } = {},
  ): Promise<number> {
    const withAddress = addressees.filter((a) => a.registration.email);
    if (withAddress.length === 0) return 0;
    const room = await this.rooms.profile(session.roomId);
    const location = room.location;
    const now = new Date();
    const messages = withAddress.map((addressee): NewOutboxMessage => {
      const { registration, token, waitlistPosition } = addressee;
      // Someone still waiting has no event in their calendar to change.
      const hasEvent = addressee.hasEvent ?? registration.status !== 'waitlisted';
      const method = hasEvent ? INVITES[kind] : undefined;
      const email = registration.email!;
      // The session's title in the language the whole mail is written in.
      const locale = this.catalogue.mailLocale(registration.locale, 'forum');
      const text = sessionText(session, locale);
      const name = registration.name ?? '';
      const ics = method
        ? buildCalendar({
            method,
            events: [
              {
                uid: bookingUid(session.id, this.config.publicUrl),
                startsAt: session.startsAt,
                endsAt: session.endsAt,
                summary: text.title,
                status: method === 'CANCEL' ? 'cancelled' : 'confirmed',
                sequence: session.sequence,
                stamp: now,
                location,
                organizer: this.notifications.organizer,
                attendees: [{ name, email, rsvp: false, participation: 'accepted' }],
              },
            ],
          })
        : null;
      const mail = renderForumMail(this.catalogue, locale, {
        kind,
        recipientName: name,
        title: text.title,
        startsAt: session.startsAt,
        endsAt: session.endsAt,
        previous: extra.previous,
        timeZone: room.timeZone,
        location,
        places: registration.places,
        waitlistPosition,
        reason: extra.reason,
        manageUrl: token ? this.manageUrl(token) : null,
        invitation: ics !== null,
      });
      return {
        kind: `forum.${kind}`,
        recipientEmail: email,
        recipientName: name || null,
        locale: mail.locale,
        subject: mail.subject,
        textBody: mail.text,
        htmlBody: mail.html,
        ics,
        icsMethod: method ?? null,
        bookingId: null,
        seriesId: null,
        dedupeKey: kind === 'reminder' ? `forum-reminder:${registration.id}` : null,
      };
    });
    return this.outbox.enqueue(messages);
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { CalendarPerson } from '../calendar/calendar.contract';
import { MessageCatalogue } from '../common/i18n/message-catalogue';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { OrganizationContacts, OrganizationsService } from '../organizations/organizations.service';
import { RoomProfile } from '../rooms/rooms.contract';
import { RoomsService } from '../rooms/rooms.service';
import { BookingChange, BookingFacts, BookingNotice, ChangeActor } from './booking-change.contract';
import { BookingMailKind, renderBookingMail } from './booking-mails';
import { bookingInvitation, organizerOf } from './invitations';
import { NewOutboxMessage, OutboxService } from './outbox.service';
import { onePerAddress, ownerSide, Recipient, requesterSide } from './recipients';

/** The room and the people around one booking or series, read in the change's transaction. */
interface Setting {
  room: { name: string; venueName: string; address: string; timeZone: string };
  location: string;
  organizationName: string;
  owners: Recipient[];
  requesters: Recipient[];
}

interface Delivery {
  recipient: Recipient;
  kind: BookingMailKind;
  /** Attach the event: only for the requester side, see README.md. */
  invitation: boolean;
}

/**
 * The people around bookings about to be made, read ahead (`peopleOf`) so that telling them
 * (`bookingsChanged`) needs no read of its own.
 */
export interface BookingPeople {
  readonly contacts: ReadonlyMap<string, OrganizationContacts>;
}

type Event =
  BookingChange | { kind: BookingNotice; bookings: readonly BookingFacts[]; actor?: undefined };

/**
 * Decides who is told what about a booking, writes it in their language and puts it in the
 * outbox — all inside the transaction of the change, so that a change rolled back leaves no
 * mail behind. Delivery happens later, in the worker.
 */
@Injectable()
export class NotificationsService {
  /** The ORGANIZER of every invitation: the mailbox of MAIL_FROM. */
  readonly organizer: CalendarPerson;

  constructor(
    private readonly outbox: OutboxService,
    private readonly rooms: RoomsService,
    private readonly organizations: OrganizationsService,
    private readonly catalogue: MessageCatalogue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.organizer = organizerOf(config.mailFrom);
  }

  /**
   * Tells the people concerned about one transition; call it once per transition inside its
   * transaction. Each series among the bookings becomes one mail per recipient. Returns how
   * many mails were queued.
   */
  async bookingChanged(change: BookingChange): Promise<number> {
    return this.bookingsChanged([change]);
  }

  /**
   * As `bookingChanged` for several transitions of one transaction (a batch of booking
   * requests): the people of all of them are read at once, and all mails go to the outbox in
   * one statement.
   */
  async bookingsChanged(
    changes: readonly BookingChange[],
    people?: BookingPeople,
  ): Promise<number> {
    return this.write(
      changes.flatMap((change) =>
        groupBy(change.bookings, (b) => b.seriesId ?? b.id).map((group) => ({
          event: change,
          group,
          dedupeKey: null,
        })),
      ),
      people,
    );
  }

  /**
   * The people to tell of bookings to be made in these rooms for these organisations (both
   * sides), read now: a batch of booking requests reads them together with what its requests
   * are judged by, and hands them to `bookingsChanged`.
   */
  async peopleOf(
    asked: readonly { room: RoomProfile; organizationId: string }[],
  ): Promise<BookingPeople> {
    return {
      contacts: await this.organizations.contactsOf(
        asked.flatMap(({ room, organizationId }) => [room.organizationId, organizationId]),
      ),
    };
  }

  /** Those of the bookings that have not had this notice yet (for the job that finds them). */
  async unnoticed<T extends BookingFacts>(
    notice: BookingNotice,
    bookings: readonly T[],
  ): Promise<T[]> {
    const known = await this.outbox.knownKeys(
      bookings.map((booking) => noticeKey(notice, booking)),
    );
    return bookings.filter((booking) => !known.has(noticeKey(notice, booking)));
  }

  /**
   * A notice that is due by time: a reminder per booking and start, a warning per request
   * (a series: per series) and deadline. The dedupe key makes it once per event, however
   * often and on however many instances the job runs. Returns how many mails were queued.
   */
  async notice(notice: BookingNotice, bookings: readonly BookingFacts[]): Promise<number> {
    const event = { kind: notice, bookings };
    return this.write(
      groupBy(bookings, (booking) => noticeKey(notice, booking)).map((group) => ({
        event,
        group,
        dedupeKey: noticeKey(notice, group[0]),
      })),
    );
  }

  /** The mails of these groups of bookings, each told of its event, in one outbox insert. */
  private async write(
    mails: readonly { event: Event; group: BookingFacts[]; dedupeKey: string | null }[],
    people?: BookingPeople,
  ): Promise<number> {
    const now = new Date();
    const settings = await this.settingsOf(
      mails.map(({ event, group }) => ({
        booking: group[0],
        known: 'room' in event ? event.room : undefined,
      })),
      people,
    );
    const messages: NewOutboxMessage[] = [];
    mails.forEach(({ event, group, dedupeKey }, i) => {
      for (const delivery of deliveries(event.kind, group, settings[i])) {
        messages.push(this.render(event, group, settings[i], delivery, dedupeKey, now));
      }
    });
    return this.outbox.enqueue(messages);
  }

  /** The setting of each booking: its room (read unless known) and both sides' people. */
  private async settingsOf(
    asked: readonly { booking: BookingFacts; known?: RoomProfile }[],
    people?: BookingPeople,
  ): Promise<Setting[]> {
    // The rooms not known already, in one read (a job's notices span many rooms).
    const read = await this.rooms.profiles(
      asked.flatMap(({ booking, known }) => (known?.id === booking.roomId ? [] : [booking.roomId])),
    );
    const rooms: RoomProfile[] = [];
    for (const { booking, known } of asked) {
      rooms.push(
        known?.id === booking.roomId
          ? known
          : (read.get(booking.roomId) ?? (await this.rooms.profile(booking.roomId))),
      );
    }
    const ids = asked.flatMap(({ booking }, i) => [
      rooms[i].organizationId,
      booking.organizationId,
    ]);
    // People read ahead are used when they cover every organisation concerned.
    const contacts =
      people && ids.every((id) => people.contacts.has(id))
        ? people.contacts
        : await this.organizations.contactsOf(ids);
    return asked.map(({ booking }, i) => {
      const room = rooms[i];
      return {
        room: {
          name: room.name,
          venueName: room.venueName,
          address: room.address,
          timeZone: room.timeZone,
        },
        location: room.location,
        organizationName: contacts.get(booking.organizationId)?.name ?? '',
        owners: ownerSide(contacts.get(room.organizationId)),
        requesters: requesterSide(booking.requestedBy, contacts.get(booking.organizationId)),
      };
    });
  }

  private render(
    event: Event,
    group: BookingFacts[],
    setting: Setting,
    delivery: Delivery,
    dedupeKey: string | null,
    now: Date,
  ): NewOutboxMessage {
    const { recipient } = delivery;
    const first = group[0];
    const invitation = delivery.invitation
      ? bookingInvitation({
          bookings: group,
          location: setting.location,
          organizer: this.organizer,
          attendee: { name: recipient.name, email: recipient.email },
          publicUrl: this.config.publicUrl,
          now,
        })
      : null;
    const pending = first.status === 'pending';
    const deadlines = group.flatMap((booking) => booking.expiresAt ?? []);
    const mail = renderBookingMail(this.catalogue, recipient.locale, {
      kind: delivery.kind,
      side: recipient.side,
      recipientName: recipient.name,
      title: first.title,
      organizationName: setting.organizationName,
      room: setting.room,
      dates: group,
      previous: event.kind === 'moved' ? event.previous : undefined,
      pending,
      deadline: pending && deadlines.length ? earliest(deadlines) : null,
      reason: 'reason' in event ? event.reason : null,
      actorName: actorName(event.kind, event.actor),
      invitation: invitation?.method ?? null,
      // The page where the recipient acts: owners decide there, requesters see their booking.
      link: `${this.config.publicUrl.replace(/\/$/, '')}/bookings/${first.id}/view`,
    });
    return {
      kind: `booking.${delivery.kind}`,
      recipientEmail: recipient.email,
      recipientName: recipient.name || null,
      locale: mail.locale,
      subject: mail.subject,
      textBody: mail.text,
      htmlBody: mail.html,
      ics: invitation?.content ?? null,
      icsMethod: invitation?.method ?? null,
      bookingId: first.id,
      seriesId: first.seriesId,
      dedupeKey,
    };
  }
}

/**
 * Who hears of what. Requests go to the room's owners; decisions and expiry to the
 * requester; cancellations and moves to both; reminders to the requester; the warning that
 * a request is about to expire to the owners. The requester side is listed first, so that
 * someone on both sides gets one mail, with the invitation.
 */
function deliveries(kind: Event['kind'], group: BookingFacts[], setting: Setting): Delivery[] {
  const to = (people: Recipient[], mail: BookingMailKind, invitation: boolean): Delivery[] =>
    people.map((recipient) => ({ recipient, kind: mail, invitation }));
  const { owners, requesters } = setting;
  switch (kind) {
    case 'requested': {
      // A room with automatic approval has confirmed the booking already.
      const automatic = group[0].status === 'approved';
      return onePerAddress([
        ...(automatic ? to(requesters, 'approved', true) : []),
        ...to(owners, automatic ? 'confirmed' : 'requested', false),
      ]);
    }
    case 'approved':
    case 'declined':
    case 'expired':
      return to(requesters, kind, true);
    case 'cancelled':
    case 'moved':
      return onePerAddress([...to(requesters, kind, true), ...to(owners, kind, false)]);
    case 'reminder':
      return to(requesters, 'reminder', false);
    case 'expiring':
      return to(owners, 'expiring', false);
  }
}

/** Who acted is worth saying when a person decided or changed something. */
function actorName(kind: Event['kind'], actor: ChangeActor | undefined): string | null {
  if (!actor) return null;
  return ['approved', 'declined', 'cancelled', 'moved'].includes(kind) ? actor.name : null;
}

/**
 * The event a notice is about, also its dedupe key: a moved booking is reminded of again at
 * its new start, and a request whose deadline moved is warned of again.
 */
export function noticeKey(notice: BookingNotice, booking: BookingFacts): string {
  if (notice === 'reminder') return `reminder:${booking.id}:${booking.startsAt.toISOString()}`;
  const deadline = booking.expiresAt?.toISOString() ?? 'none';
  return `expiring:${booking.seriesId ?? booking.id}:${deadline}`;
}

/** Groups in order of first appearance, each sorted by start. */
function groupBy(bookings: readonly BookingFacts[], key: (b: BookingFacts) => string) {
  const groups = new Map<string, BookingFacts[]>();
  for (const booking of bookings) {
    const name = key(booking);
    const group = groups.get(name);
    if (group) group.push(booking);
    else groups.set(name, [booking]);
  }
  return [...groups.values()].map((group) =>
    group.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime()),
  );
}

const earliest = (dates: Date[]): Date => new Date(Math.min(...dates.map((d) => d.getTime())));

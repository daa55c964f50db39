import addressparser from 'nodemailer/lib/addressparser';
import {
  bookingEventStatus,
  bookingUid,
  buildCalendar,
  CalendarPerson,
} from '../calendar/calendar.contract';
import { BookingFacts } from './booking-change.contract';
import { InvitationMethod } from './outbox-message.entity';

export interface Invitation {
  method: InvitationMethod;
  /** The iTIP object, METHOD equal to `method` (nodemailer's `icalEvent.method`). */
  content: string;
}

/**
 * The iMIP invitation (RFC 6047) attached to a mail: the same VEVENTs the feeds show, from
 * the calendar module's renderer — same UID, same SEQUENCE — with the service's mailbox as
 * the one ORGANIZER and the recipient as the ATTENDEE. REQUEST while the booking holds its
 * slot (pending: TENTATIVE, approved: CONFIRMED), CANCEL once it no longer does.
 *
 * A series comes as one object with one VEVENT per occurrence, because the feeds give every
 * occurrence its own UID; RFC 5546 expects one UID per scheduling object, so a client may
 * take only the first event from it (see README.md).
 */
export function bookingInvitation(input: {
  bookings: readonly BookingFacts[];
  location: string;
  organizer: CalendarPerson;
  attendee: CalendarPerson;
  publicUrl: string;
  now: Date;
}): Invitation {
  const cancelled = input.bookings.every(
    (booking) => bookingEventStatus(booking.status) === 'cancelled',
  );
  const method: InvitationMethod = cancelled ? 'CANCEL' : 'REQUEST';
  const content = buildCalendar({
    method,
    events: input.bookings.map((booking) => ({
      uid: bookingUid(booking.id, input.publicUrl),
      startsAt: booking.startsAt,
      endsAt: booking.endsAt,
      summary: booking.title,
      status: bookingEventStatus(booking.status),
      sequence: booking.sequence,
      // In a scheduling message DTSTAMP is when the message was made (RFC 5545, 3.8.7.2).
      stamp: input.now,
      location: input.location,
      organizer: input.organizer,
      // The requester asked for the booking: nothing to answer, nothing to send back.
      attendees: [{ ...input.attendee, rsvp: false, participation: 'accepted' }],
    })),
  });
  return { method, content };
}

/** The service's mailbox from MAIL_FROM ("Name <address>"), the ORGANIZER of every invitation. */
export function organizerOf(mailFrom: string): CalendarPerson {
  const [first] = addressparser(mailFrom, { flatten: true });
  if (!first?.address) throw new Error(`MAIL_FROM names no address: ${mailFrom}`);
  return { name: first.name || first.address, email: first.address };
}

import { escapeText, parameterText } from './ical-text';
import { ICalWriter } from './ical-writer';

/**
 * One booking as an iCalendar VEVENT, and whole calendars of them — for the feeds and for
 * the invitations mailed with a request or decision (iMIP), so that both say the same.
 *
 * Times are always written in UTC (`DTSTART:20270302T180000Z`). A booking is one fixed
 * interval; every row of a series has its own, expanded in the room's zone when it was
 * booked, so UTC loses nothing, needs no VTIMEZONE, and cannot come out floating or shifted
 * by the server's own zone. Calendar programs show it in their user's zone.
 *
 * Everything is written here as text — no calendar library: a feed of 5,000 events is
 * written in a few milliseconds, every line is folded at 75 octets as it is written, and the
 * feeds and the mails get the very same lines. (ical-generator wrote these before; the lines,
 * their order and escaping are still byte for byte what it wrote, which a test checks, so
 * that the feeds' ETags did not change with the writer.)
 */

export const PRODUCT_ID = '-//Raum fuer Engagement//Calendar//EN';

/** How a booking's status shows in a calendar. */
export type BookingEventStatus = 'tentative' | 'confirmed' | 'cancelled';

/** Someone named in an invitation; `name` may be anything a user typed. */
export interface CalendarPerson {
  name: string;
  email: string;
}

export interface CalendarAttendee extends CalendarPerson {
  /** Whether the attendee is asked to answer (RSVP); default false. */
  rsvp?: boolean;
  /** PARTSTAT; default NEEDS-ACTION. */
  participation?: 'needs-action' | 'accepted' | 'declined' | 'tentative';
}

export interface BookingEvent {
  /** UID: `bookingUid(...)`, the same in feeds and mails. */
  uid: string;
  startsAt: Date;
  endsAt: Date;
  summary: string;
  status: BookingEventStatus;
  /** SEQUENCE: the booking's own, raised by every change. */
  sequence: number;
  /**
   * DTSTAMP. In a feed (no METHOD) it is when the booking last changed, so that an unchanged
   * feed stays byte for byte the same; in an invitation it is when the message was made.
   */
  stamp: Date;
  lastModified?: Date | null;
  created?: Date | null;
  description?: string | null;
  location?: string | null;
  /** TRANSP:TRANSPARENT instead of OPAQUE (the default: a booking makes a room busy). */
  transparent?: boolean;
  organizer?: CalendarPerson | null;
  attendees?: CalendarAttendee[];
}

export type CalendarMethod = 'PUBLISH' | 'REQUEST' | 'CANCEL';

export interface CalendarDocument {
  /** NAME and X-WR-CALNAME (RFC 7986); escaped here. */
  name?: string | null;
  /** DESCRIPTION and X-WR-CALDESC. */
  description?: string | null;
  /** iTIP method for invitations; feeds have none. */
  method?: CalendarMethod | null;
  /** REFRESH-INTERVAL and X-PUBLISHED-TTL: how often a subscriber should reload. */
  refreshIntervalSeconds?: number | null;
  /**
   * Events written straight into the calendar's writer before `events` (a feed's bookings,
   * from the text they were read as: `writeFeedBookings`); `count` of them.
   */
  written?: { count: number; write(writer: ICalWriter): void } | null;
  events: readonly BookingEvent[];
}

/** `<booking id>@<host>`: opaque, stable for the booking, unique beyond this service. */
export function bookingUid(bookingId: string, publicUrl: string): string {
  return `${bookingId}${uidSuffix(publicUrl)}`;
}

/** What `bookingUid` puts after the id: `@<host of publicUrl>`. */
export function uidSuffix(publicUrl: string): string {
  // A feed asks thousands of times for the same URL's host: parse it once.
  if (publicUrl !== uidHost.url) {
    const host = new URL(publicUrl).hostname;
    uidHost.url = publicUrl;
    uidHost.suffix = `@${host}`;
  }
  return uidHost.suffix;
}

const uidHost = { url: '', suffix: '' };

/** Pending requests are tentative, approved ones confirmed; the rest no longer happen. */
export function bookingEventStatus(status: string): BookingEventStatus {
  if (status === 'approved') return 'confirmed';
  if (status === 'pending') return 'tentative';
  return 'cancelled';
}

/** The STATUS line of each. */
export const STATUS_LINE: Record<BookingEventStatus, string> = {
  tentative: 'STATUS:TENTATIVE',
  confirmed: 'STATUS:CONFIRMED',
  cancelled: 'STATUS:CANCELLED',
};

const PARTICIPATION: Record<NonNullable<CalendarAttendee['participation']>, string> = {
  'needs-action': 'NEEDS-ACTION',
  accepted: 'ACCEPTED',
  declined: 'DECLINED',
  tentative: 'TENTATIVE',
};

/** A name for CN; an empty one would leave the person unnamed, so the address stands in. */
const personName = (person: CalendarPerson): string =>
  parameterText(person.name) || parameterText(person.email);

/** An address after `mailto:`: a URI, but `\ ; ,` escaped as in TEXT, as before. */
const address = (email: string): string => escapeText(email);

function assertPerson(person: CalendarPerson, role: string): void {
  if (!person.email) throw new Error(`${role} needs an email address`);
}

/**
 * One VEVENT, each line folded at 75 octets and ended with CRLF. The lines and their order:
 * UID, SEQUENCE, DTSTAMP, DTSTART, DTEND, SUMMARY, TRANSP, LOCATION, DESCRIPTION, ORGANIZER,
 * ATTENDEE…, STATUS, CREATED, LAST-MODIFIED.
 */
export function writeBookingEvent(writer: ICalWriter, event: BookingEvent): void {
  let startsAt = event.startsAt;
  let endsAt = event.endsAt;
  // As the generator did: an end before the start swaps them rather than write nonsense.
  if (endsAt.getTime() < startsAt.getTime()) [startsAt, endsAt] = [endsAt, startsAt];
  if (!Number.isInteger(event.sequence) || event.sequence < 0) {
    throw new Error('sequence must be a whole number, 0 or more');
  }
  writer
    .ascii('BEGIN:VEVENT')
    .line('UID:', event.uid)
    .ascii(`SEQUENCE:${event.sequence}`)
    .dateTime('DTSTAMP', event.stamp, 'stamp')
    .dateTime('DTSTART', startsAt, 'startsAt')
    .dateTime('DTEND', endsAt, 'endsAt')
    .line('SUMMARY:', escapeText(event.summary))
    .ascii(event.transparent ? 'TRANSP:TRANSPARENT' : 'TRANSP:OPAQUE');
  // As ical-generator wrote them: LOCATION left out when nothing is left of it after
  // sanitising, DESCRIPTION then written empty.
  const location = event.location ? escapeText(event.location) : '';
  if (location) writer.line('LOCATION:', location);
  if (event.description) writer.line('DESCRIPTION:', escapeText(event.description));
  if (event.organizer) {
    assertPerson(event.organizer, 'ORGANIZER');
    writer.line(
      `ORGANIZER;CN="`,
      `${personName(event.organizer)}":mailto:${address(event.organizer.email)}`,
    );
  }
  for (const attendee of event.attendees ?? []) {
    assertPerson(attendee, 'ATTENDEE');
    writer.line(
      'ATTENDEE;ROLE=REQ-PARTICIPANT' +
        `;PARTSTAT=${PARTICIPATION[attendee.participation ?? 'needs-action']}` +
        `;RSVP=${attendee.rsvp ? 'TRUE' : 'FALSE'};CN="`,
      `${personName(attendee)}":MAILTO:${address(attendee.email)}`,
    );
  }
  writer.ascii(STATUS_LINE[event.status]);
  if (event.created) writer.dateTime('CREATED', event.created, 'created');
  if (event.lastModified) writer.dateTime('LAST-MODIFIED', event.lastModified, 'lastModified');
  writer.ascii('END:VEVENT');
}

/** One VEVENT as text (see `writeBookingEvent`). */
export function renderBookingEvent(event: BookingEvent): string {
  const writer = new ICalWriter(1024);
  writeBookingEvent(writer, event);
  return writer.toString();
}

/** Seconds as an RFC 5545 DURATION: 3600 → PT1H, 90000 → P1DT1H. */
export function duration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const days = Math.floor(whole / 86_400);
  const hours = Math.floor((whole % 86_400) / 3_600);
  const minutes = Math.floor((whole % 3_600) / 60);
  const rest = whole % 60;
  const time =
    (hours ? `${hours}H` : '') + (minutes ? `${minutes}M` : '') + (rest ? `${rest}S` : '');
  if (!days) return `PT${time || '0S'}`;
  return `P${days}D${time ? `T${time}` : ''}`;
}

/**
 * A whole VCALENDAR as UTF-8: CRLF after every line including the last, lines folded at 75
 * octets. Invitations (REQUEST, CANCEL) must name an organizer on every event (RFC 5546).
 */
export function writeCalendar(document: CalendarDocument): Buffer {
  const events = document.events.length + (document.written?.count ?? 0);
  const writer = new ICalWriter(4096 + events * 320);
  writer
    .ascii('BEGIN:VCALENDAR')
    .ascii('VERSION:2.0')
    .ascii(`PRODID:${PRODUCT_ID}`)
    .ascii('CALSCALE:GREGORIAN');
  if (document.method) {
    writer.ascii(`METHOD:${document.method}`);
    if (document.written?.count) throw new Error(`METHOD:${document.method} needs an ORGANIZER`);
    for (const event of document.events) {
      if (!event.organizer) throw new Error(`METHOD:${document.method} needs an ORGANIZER`);
      if (document.method === 'CANCEL' && event.status !== 'cancelled') {
        throw new Error('METHOD:CANCEL is for cancelled events only');
      }
    }
  }
  if (document.name) {
    const name = escapeText(document.name);
    writer.line('NAME:', name).line('X-WR-CALNAME:', name);
  }
  if (document.description) {
    const description = escapeText(document.description);
    writer.line('DESCRIPTION:', description).line('X-WR-CALDESC:', description);
  }
  if (document.refreshIntervalSeconds) {
    const interval = duration(document.refreshIntervalSeconds);
    writer
      .ascii(`REFRESH-INTERVAL;VALUE=DURATION:${interval}`)
      .ascii(`X-PUBLISHED-TTL:${interval}`);
  }
  document.written?.write(writer);
  for (const event of document.events) writeBookingEvent(writer, event);
  return writer.ascii('END:VCALENDAR').toBuffer();
}

/** `writeCalendar` as a string, for mails. */
export function buildCalendar(document: CalendarDocument): string {
  return writeCalendar(document).toString('utf8');
}

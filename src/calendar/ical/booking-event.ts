import ical, {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendar,
  ICalEventStatus,
  ICalEventTransparency,
} from 'ical-generator';
import { escapeText, foldLine, octets, parameterText, sanitizeText } from './ical-text';

/**
 * One booking as an iCalendar VEVENT, and whole calendars of them — for the feeds and for
 * the invitations mailed with a request or decision (iMIP), so that both say the same.
 *
 * Times are always written in UTC (`DTSTART:20270302T180000Z`). A booking is one fixed
 * interval; every row of a series has its own, expanded in the room's zone when it was
 * booked, so UTC loses nothing, needs no VTIMEZONE, and cannot come out floating or shifted
 * by the server's own zone. Calendar programs show it in their user's zone.
 *
 * ical-generator writes the VEVENT lines (with its TEXT escaping); the calendar around them,
 * the folding and the final CRLF are written here: the generator leaves NAME unescaped, ends
 * without CRLF, and folds by encoding every character on its own (400 ms for 5,000 events).
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
  events: readonly BookingEvent[];
}

/** `<booking id>@<host>`: opaque, stable for the booking, unique beyond this service. */
export function bookingUid(bookingId: string, publicUrl: string): string {
  return `${bookingId}@${new URL(publicUrl).hostname}`;
}

/** Pending requests are tentative, approved ones confirmed; the rest no longer happen. */
export function bookingEventStatus(status: string): BookingEventStatus {
  if (status === 'approved') return 'confirmed';
  if (status === 'pending') return 'tentative';
  return 'cancelled';
}

const STATUS: Record<BookingEventStatus, ICalEventStatus> = {
  tentative: ICalEventStatus.TENTATIVE,
  confirmed: ICalEventStatus.CONFIRMED,
  cancelled: ICalEventStatus.CANCELLED,
};

const PARTICIPATION: Record<NonNullable<CalendarAttendee['participation']>, ICalAttendeeStatus> = {
  'needs-action': ICalAttendeeStatus.NEEDSACTION,
  accepted: ICalAttendeeStatus.ACCEPTED,
  declined: ICalAttendeeStatus.DECLINED,
  tentative: ICalAttendeeStatus.TENTATIVE,
};

/** A name for CN; an empty one would make the generator refuse the person, so the address stands in. */
const personName = (person: CalendarPerson): string =>
  parameterText(person.name) || parameterText(person.email);

/** Any Date the generator is given must be a valid instant, or it would write "NaN". */
function assertInstant(value: Date, field: string): Date {
  if (Number.isNaN(value.getTime())) throw new Error(`${field} is not a valid instant`);
  return value;
}

/**
 * The generator's parent calendar: it is never written, it only tells each event that there
 * is no calendar time zone, so DTSTAMP, CREATED and LAST-MODIFIED come out in UTC.
 */
const utcOnly: ICalCalendar = ical();

/** One VEVENT, unfolded, each line ending in CRLF. */
export function renderBookingEvent(event: BookingEvent): string {
  const generated = utcOnly.createEvent({
    id: event.uid,
    sequence: event.sequence,
    // No `timezone` on purpose: Dates without one are written as UTC ("Z"), whatever the
    // server's TZ; with one, the generator would write the server's local wall-clock time.
    start: assertInstant(event.startsAt, 'startsAt'),
    end: assertInstant(event.endsAt, 'endsAt'),
    stamp: assertInstant(event.stamp, 'stamp'),
    created: event.created ? assertInstant(event.created, 'created') : null,
    lastModified: event.lastModified ? assertInstant(event.lastModified, 'lastModified') : null,
    summary: sanitizeText(event.summary),
    description: event.description ? sanitizeText(event.description) : null,
    location: event.location ? sanitizeText(event.location) : null,
    status: STATUS[event.status],
    transparency: event.transparent
      ? ICalEventTransparency.TRANSPARENT
      : ICalEventTransparency.OPAQUE,
    organizer: event.organizer
      ? { name: personName(event.organizer), email: event.organizer.email }
      : null,
    attendees: (event.attendees ?? []).map((attendee) => ({
      name: personName(attendee),
      email: attendee.email,
      role: ICalAttendeeRole.REQ,
      status: PARTICIPATION[attendee.participation ?? 'needs-action'],
      rsvp: attendee.rsvp ?? false,
    })),
  });
  // The shared parent must not collect every event ever rendered.
  utcOnly.clear();
  return generated.toString();
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
 * A whole VCALENDAR: CRLF after every line including the last, lines folded at 75 octets.
 * Invitations (REQUEST, CANCEL) must name an organizer on every event (RFC 5546).
 */
export function buildCalendar(document: CalendarDocument): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${PRODUCT_ID}`, 'CALSCALE:GREGORIAN'];
  if (document.method) {
    lines.push(`METHOD:${document.method}`);
    for (const event of document.events) {
      if (!event.organizer) throw new Error(`METHOD:${document.method} needs an ORGANIZER`);
      if (document.method === 'CANCEL' && event.status !== 'cancelled') {
        throw new Error('METHOD:CANCEL is for cancelled events only');
      }
    }
  }
  if (document.name) {
    const name = escapeText(document.name);
    lines.push(`NAME:${name}`, `X-WR-CALNAME:${name}`);
  }
  if (document.description) {
    const description = escapeText(document.description);
    lines.push(`DESCRIPTION:${description}`, `X-WR-CALDESC:${description}`);
  }
  if (document.refreshIntervalSeconds) {
    const interval = duration(document.refreshIntervalSeconds);
    lines.push(`REFRESH-INTERVAL;VALUE=DURATION:${interval}`, `X-PUBLISHED-TTL:${interval}`);
  }
  const head = lines.join('\r\n') + '\r\n';
  const body = document.events.map(renderBookingEvent).join('');
  return fold(head + body + 'END:VCALENDAR\r\n');
}

/** Folds every line of CRLF-separated, CRLF-terminated text; short lines pass untouched. */
function fold(text: string): string {
  const lines = text.split('\r\n');
  for (let index = 0; index < lines.length; index++) {
    // A UTF-16 unit is at most 3 octets: 25 units cannot exceed 75, and most lines are short.
    const line = lines[index];
    if (line.length > 25 && octets(line) > 75) lines[index] = foldLine(line);
  }
  return lines.join('\r\n');
}

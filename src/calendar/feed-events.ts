import { FeedEvent } from './calendar.contract';
import { CalendarBookingRows } from './feed-booking-rows';
import {
  bookingEventStatus,
  bookingUid,
  BookingEvent,
  STATUS_LINE,
  uidSuffix,
} from './ical/booking-event';
import { escapeText } from './ical/ical-text';
import { ICalWriter } from './ical/ical-writer';

/** Where a booking takes place, as a private feed names it. */
export interface RoomLabel {
  room: string;
  venue: string;
  address: string;
}

/** The words a feed uses, in the feed's language. */
export interface FeedTexts {
  busy: string;
  organization(name: string): string;
  room(name: string): string;
  status(status: string): string;
}

/** What a feed shows of its bookings besides their own fields. */
export interface FeedBookingContext {
  publicUrl: string;
  texts: FeedTexts;
  /**
   * Private feeds (by secret link): the names of the bookings' rooms and organisations, and
   * they show what their subscriber may see in the service anyway — title, place,
   * organisation, state. Public feeds (null) say only that the room is busy — no
   * organisation, description, organizer or attendee — except for bookings their
   * organisation made public, which show their title.
   */
  labels: { rooms: Map<string, RoomLabel>; organizations: Map<string, string> } | null;
}

/**
 * A feed's bookings as VEVENTs, written straight from the text they were read as
 * (`CalendarBookingRows`): the lines, their order and escaping are those `writeBookingEvent`
 * writes for the same booking (`feed-events.spec.ts` compares them), without a `BookingEvent`,
 * Date or line string per booking — a cold feed of 5,000 bookings makes garbage of a few
 * strings per feed instead of a few dozen per booking.
 */
export function writeFeedBookings(
  writer: ICalWriter,
  rows: CalendarBookingRows,
  context: FeedBookingContext,
): void {
  const { texts, labels } = context;
  const uid = uidSuffix(context.publicUrl);
  const busy = escapeText(texts.busy);
  // Private feeds: a place and a description per room, organisation and status, escaped once.
  const places = new Map<string, string>();
  const descriptions = new Map<string, string | null>();
  const text = rows.text;
  while (rows.next()) {
    let startsAt = rows.startsAt;
    let endsAt = rows.endsAt;
    // As `writeBookingEvent`: an end before the start swaps them.
    if (endsAt < startsAt) [startsAt, endsAt] = [endsAt, startsAt];
    const status = bookingEventStatus(rows.status);
    writer
      .ascii('BEGIN:VEVENT')
      .lineOf('UID:', text, rows.idStart, rows.idEnd, uid)
      .integer('SEQUENCE:', rows.sequence)
      // The last change, not the time of the request: an unchanged booking renders unchanged.
      .dateTimeSeconds('DTSTAMP', rows.updatedAt, 'stamp')
      .dateTimeSeconds('DTSTART', startsAt, 'startsAt')
      .dateTimeSeconds('DTEND', endsAt, 'endsAt');
    if (labels === null && !rows.isPublic) writer.line('SUMMARY:', busy);
    else writer.line('SUMMARY:', escapeText(rows.title()));
    // A booking that no longer happens does not make anyone busy.
    writer.ascii(status === 'cancelled' ? 'TRANSP:TRANSPARENT' : 'TRANSP:OPAQUE');
    if (labels !== null) {
      const roomId = rows.roomId();
      const organizationId = rows.organizationId();
      let place = places.get(roomId);
      if (place === undefined) {
        const room = labels.rooms.get(roomId);
        place = room ? escapeText(`${room.room}, ${room.venue}, ${room.address}`) : '';
        places.set(roomId, place);
      }
      const key = `${roomId} ${organizationId} ${rows.status}`;
      let description = descriptions.get(key);
      if (description === undefined) {
        const room = labels.rooms.get(roomId);
        const organization = labels.organizations.get(organizationId);
        const lines = [
          organization === undefined ? null : texts.organization(organization),
          room === undefined ? null : texts.room(`${room.room}, ${room.venue}`),
          texts.status(rows.status),
        ]
          .filter((line): line is string => line !== null)
          .join('\n');
        // As `writeBookingEvent`: written when there is text, even if escaping leaves none.
        description = lines ? escapeText(lines) : null;
        descriptions.set(key, description);
      }
      if (place) writer.line('LOCATION:', place);
      if (description !== null) writer.line('DESCRIPTION:', description);
    }
    writer
      .ascii(STATUS_LINE[status])
      .dateTimeSeconds('CREATED', rows.createdAt, 'created')
      .dateTimeSeconds('LAST-MODIFIED', rows.updatedAt, 'lastModified')
      .ascii('END:VEVENT');
  }
}

/** An event from an `EventFeedSource` (a forum session, a mentor's meeting), as it is. */
export function feedEvent(event: FeedEvent, publicUrl: string): BookingEvent {
  return {
    uid: bookingUid(event.id, publicUrl),
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    status: event.status,
    sequence: event.sequence,
    stamp: event.updatedAt,
    created: event.createdAt,
    lastModified: event.updatedAt,
    transparent: event.status === 'cancelled',
    summary: event.summary,
    description: event.description,
    location: event.location,
  };
}

import { CalendarBooking, FeedEvent } from './calendar.contract';
import { bookingEventStatus, bookingUid, BookingEvent } from './ical/booking-event';

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

/**
 * The public feed of a room says only that the room is busy — no organisation, description,
 * organizer or attendee — except for bookings their organisation made public, which show
 * their title.
 */
export function publicRoomEvent(
  booking: CalendarBooking,
  publicUrl: string,
  texts: FeedTexts,
): BookingEvent {
  const status = bookingEventStatus(booking.status);
  // Written out rather than spread from a shared part: a feed makes thousands of these, and
  // objects of one literal shape are several times faster to make and to read.
  return {
    uid: bookingUid(booking.id, publicUrl),
    startsAt: booking.startsAt,
    endsAt: booking.endsAt,
    status,
    sequence: booking.sequence,
    // The last change, not the time of the request: an unchanged booking renders unchanged.
    stamp: booking.updatedAt,
    created: booking.createdAt,
    lastModified: booking.updatedAt,
    // A booking that no longer happens does not make anyone busy.
    transparent: status === 'cancelled',
    summary: booking.isPublic ? booking.title : texts.busy,
    description: null,
    location: null,
  };
}

/** Private feeds (by secret link) show what their subscriber may see in the service anyway. */
export function privateEvent(
  booking: CalendarBooking,
  publicUrl: string,
  texts: FeedTexts,
  labels: { rooms: Map<string, RoomLabel>; organizations: Map<string, string> },
): BookingEvent {
  const room = labels.rooms.get(booking.roomId);
  const organization = labels.organizations.get(booking.organizationId);
  const description = [
    organization === undefined ? null : texts.organization(organization),
    room === undefined ? null : texts.room(`${room.room}, ${room.venue}`),
    texts.status(booking.status),
  ].filter((line): line is string => line !== null);
  const status = bookingEventStatus(booking.status);
  return {
    uid: bookingUid(booking.id, publicUrl),
    startsAt: booking.startsAt,
    endsAt: booking.endsAt,
    status,
    sequence: booking.sequence,
    stamp: booking.updatedAt,
    created: booking.createdAt,
    lastModified: booking.updatedAt,
    transparent: status === 'cancelled',
    summary: booking.title,
    description: description.join('\n'),
    location: room ? `${room.room}, ${room.venue}, ${room.address}` : null,
  };
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

/**
 * What the calendar module offers others and asks of them, as plain types. Feeds read
 * bookings through a `BookingFeedSource`, which the bookings module provides: calendar never
 * imports bookings. Mailed invitations (notifications) render their events with the same
 * functions as the feeds, so that both say the same.
 */

import type { BookingEventStatus } from './ical/booking-event';
export type { BookingEventStatus, CalendarPerson } from './ical/booking-event';
export { bookingEventStatus, bookingUid, buildCalendar } from './ical/booking-event';

/** What a calendar feed shows of a booking. */
export interface CalendarBooking {
  id: string;
  roomId: string;
  organizationId: string;
  seriesId: string | null;
  status: string;
  startsAt: Date;
  endsAt: Date;
  title: string;
  isPublic: boolean;
  sequence: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The bookings a feed covers: those in some rooms, or those of some organisations. */
export type CalendarSelection = { roomIds: string[] } | { organizationIds: string[] };

/**
 * The part of them a feed shows: bookings that touch [from, to), if they hold their slot or
 * stopped holding it (cancelled, declined, expired) at `releasedSince` or later.
 */
export interface CalendarWindow {
  from: Date;
  to: Date;
  releasedSince: Date;
}

/** A fingerprint of a feed's bookings, to answer "unchanged" without reading them. */
export interface CalendarVersion {
  count: number;
  /** The latest `updatedAt` among them; null when there are none. */
  lastChangedAt: Date | null;
  /** Changes whenever any of them is added, changed or left out. */
  digest: string;
}

/** The rooms and organisations a feed's bookings belong to, for the names it shows. */
export interface CalendarParticipants {
  roomIds: string[];
  organizationIds: string[];
}

/** Where feeds read bookings from (provided by the bookings module). */
export interface BookingFeedSource {
  /** The bookings of `selection` in `window`, oldest first. */
  forCalendar(selection: CalendarSelection, window: CalendarWindow): Promise<CalendarBooking[]>;
  /** A fingerprint of what `forCalendar` would return, without reading the rows. */
  calendarVersion(selection: CalendarSelection, window: CalendarWindow): Promise<CalendarVersion>;
  /** Whose bookings in which rooms `forCalendar` would return. */
  calendarParticipants(
    selection: CalendarSelection,
    window: CalendarWindow,
  ): Promise<CalendarParticipants>;
}

export const BOOKING_FEED_SOURCE = Symbol('BOOKING_FEED_SOURCE');

/**
 * One event of a feed that is not a room booking the feed selects: a mentor's meeting, a
 * forum session. UID `<id>@<host>` (`bookingUid`), so the mail that carried it names the same.
 */
export interface FeedEvent {
  /** Stable: the meeting's or session's id. */
  id: string;
  startsAt: Date;
  endsAt: Date;
  summary: string;
  description: string | null;
  location: string | null;
  status: BookingEventStatus;
  sequence: number;
  createdAt: Date;
  /** DTSTAMP and LAST-MODIFIED: an unchanged event renders unchanged. */
  updatedAt: Date;
}

/** Whose events a feed asks the event sources for. */
export type EventFeedSubject =
  /** The public programme (`GET /api/calendar/forum.ics`). */
  | { scope: 'public' }
  /** What these organisations take part in (organisation and user links). */
  | { scope: 'organizations'; organizationIds: string[] }
  /** A mentor's meetings (mentor links). */
  | { scope: 'mentor'; mentorId: string };

/** Who a private feed's subject belongs to (a mentor link: the mentor's user). */
export interface FeedSubjectOwner {
  userId: string;
  name: string;
}

/**
 * A module with events for feeds — mentoring (meetings), forum (sessions). It registers with
 * calendar's `EventFeedSourcesService` at start; calendar asks every source for every feed
 * that wants events and never imports one. A source answers [] / null for what it lacks.
 */
export interface EventFeedSource {
  /** The subject's events touching [from, to) (cancelled ones released since `releasedSince`
   * as status `cancelled`), oldest first, bounded, texts in `locale`. */
  feedEvents(
    subject: EventFeedSubject,
    window: CalendarWindow,
    locale: string,
  ): Promise<FeedEvent[]>;
  /** The owner of a subject this source keeps (a mentor), or null. */
  feedSubjectOwner(subject: EventFeedSubject): Promise<FeedSubjectOwner | null>;
}

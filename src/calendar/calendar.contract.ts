/**
 * What the calendar module offers others and asks of them, as plain types. Feeds read
 * bookings through a `BookingFeedSource`, which the bookings module provides: calendar never
 * imports bookings. Mailed invitations (notifications) render their events with the same
 * functions as the feeds, so that both say the same.
 */

import type { BookingEventStatus } from './ical/booking-event';
export type { BookingEventStatus, CalendarPerson } from './ical/booking-event';
export { bookingEventStatus, bookingUid, buildCalendar } from './ical/booking-event';

/**
 * A feed's bookings as one text, oldest first, as the bookings module reads them from the
 * database in one value (`string_agg`): a feed of 5,000 bookings is then one string to
 * receive instead of 5,000 rows of a dozen fields each, and `CalendarBookingRows`
 * (`feed-booking-rows.ts`) reads it in place, making no string or object per field — the
 * garbage of thousands of rows was the largest cost of a feed rendered anew.
 *
 * Each booking is ten fields, the first nine each ended by `,`, the last by U+001E:
 *
 *     id,status,sequence,startsAt,endsAt,createdAt,updatedAt,roomId,organizationId,Ptitle␞
 *
 * - `id`, `roomId`, `organizationId`: as they are (no `,`); the last two empty where the feed
 *   does not show them (`CalendarDetail` 'public');
 * - `status`: the booking's status as stored (`approved`, `pending`, `cancelled`, …);
 * - `sequence`: a whole number;
 * - the four instants: whole seconds since 1970-01-01 UTC, rounded down (a feed writes no
 *   fraction of a second), `-` before a negative one;
 * - `P` when the booking is public, `-` when not, directly followed by the title, which runs
 *   to the U+001E and contains none (the source removes it: a control character, which
 *   iCalendar text drops anyway). Empty for a booking that is not public when the feed shows
 *   only public titles.
 */
export interface CalendarBookingText {
  /** How many bookings `text` holds. */
  count: number;
  text: string;
}

/** Ends a booking in `CalendarBookingText`. */
export const CALENDAR_BOOKING_END = '\u001e';

/**
 * What a feed shows of its bookings: 'public' — busy times and the titles of public bookings,
 * no room or organisation; 'private' — titles, rooms and organisations.
 */
export type CalendarDetail = 'public' | 'private';

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
  /** The bookings of `selection` in `window`, oldest first (then by id), as one text. */
  forCalendar(
    selection: CalendarSelection,
    window: CalendarWindow,
    detail: CalendarDetail,
  ): Promise<CalendarBookingText>;
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

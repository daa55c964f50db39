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

/** One event of a mentor's private feed: a meeting, in its booked room when there is one. */
export interface MentorFeedEvent {
  /** Stable: the meeting's id. */
  id: string;
  startsAt: Date;
  endsAt: Date;
  summary: string;
  location: string | null;
  /** The room booking's state (a meeting without a room is confirmed). */
  status: BookingEventStatus;
  sequence: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The mentor behind a `mentor` feed link, and the events of the feed (mentoring provides it). */
export interface MentorFeedSource {
  /** The mentor's user and name, or null for an unknown mentor. */
  mentorOf(mentorId: string): Promise<{ userId: string; name: string } | null>;
  /** The mentor's meetings touching [from, to), oldest first, texts in `locale`. */
  mentorEvents(
    mentorId: string,
    window: CalendarWindow,
    locale: string,
  ): Promise<MentorFeedEvent[]>;
}

export const MENTOR_FEED_SOURCE = Symbol('MENTOR_FEED_SOURCE');

import { DateTime } from 'luxon';
import { CalendarWindow } from './calendar.contract';

/** How far back and ahead a feed reaches: enough for planning, small enough to load fast. */
export const FEED_MONTHS_BACK = 3;
export const FEED_MONTHS_AHEAD = 18;

/**
 * The cancellation rule: a booking that stopped holding its slot (cancelled, declined or
 * expired) stays in feeds as STATUS:CANCELLED, with the SEQUENCE its last change raised, for
 * 30 days after that change (`updatedAt`), counted in whole UTC days; then it is left out.
 * Calendars that saw it learn that it is off; a calendar that subscribes later never sees it.
 */
export const RELEASED_KEPT_DAYS = 30;

export interface FeedWindow extends CalendarWindow {
  /** The UTC day the window was computed for: the feed changes with it at most once a day. */
  day: Date;
}

/**
 * The window of a feed served at `now`. Every bound moves by whole UTC days, so that two
 * requests on the same day see the same bookings and an unchanged feed stays byte-identical.
 */
export function feedWindow(now: Date): FeedWindow {
  const day = DateTime.fromJSDate(now, { zone: 'utc' }).startOf('day');
  return {
    day: day.toJSDate(),
    from: day.minus({ months: FEED_MONTHS_BACK }).toJSDate(),
    to: day.plus({ months: FEED_MONTHS_AHEAD }).toJSDate(),
    releasedSince: day.minus({ days: RELEASED_KEPT_DAYS }).toJSDate(),
  };
}

import { Interval } from '../common/time/intervals';
import { memberOfOrganizationSql } from '../organizations/organizations.contract';
import { WeeklyHours } from '../common/time/opening-hours';
import type { ApprovalMode } from './room.entity';

/**
 * What other modules learn of rooms: plain read models, never the entities. Rooms and their
 * venues are read through `RoomsService` and `RoomScheduleService`.
 */

/** The rules a booking request for a room is held to. */
export interface RoomPolicy {
  approval: ApprovalMode;
  minDurationMinutes: number;
  maxDurationMinutes: number;
  leadTimeHours: number;
  horizonDays: number;
  /** Kept free before and after every booking. */
  bufferMinutes: number;
  /** Null: no monthly limit. */
  monthlyHoursPerOrganization: number | null;
  /** A pending request not answered within this many hours expires. */
  requestExpiryHours: number;
  requiresVerifiedOrganization: boolean;
}

/** A room with its venue, as bookings, availability, calendar feeds and mails need it. */
export interface RoomProfile {
  id: string;
  name: string;
  venueId: string;
  venueName: string;
  /** "Street 1, 69115 Heidelberg" */
  address: string;
  /** "Room, Venue, Street 1, 69115 Heidelberg": where an event in it takes place. */
  location: string;
  /** The organisation that owns the venue: its members approve or decline requests. */
  organizationId: string;
  /** IANA zone of opening hours and recurring bookings. */
  timeZone: string;
  /** How many people the room holds. */
  capacity: number;
  /** Inactive rooms take no requests and are hidden from outsiders. */
  active: boolean;
  policy: RoomPolicy;
  /** The latest change to the room or its venue. */
  changedAt: Date;
}

/** A week of opening hours and the local dates it holds for (null: open-ended). */
export interface OpeningWeek {
  /** First local date, "2027-01-01"; null: since always. */
  validFrom: string | null;
  /** First local date it no longer holds; null: until changed. */
  validTo: string | null;
  hours: { weekday: number; opens: string; closes: string }[];
}

/** A period in which a room cannot be booked. */
export interface ClosurePeriod {
  startsAt: Date;
  endsAt: Date;
}

/** A room the catalogue search found in SQL for a window, with what the rules need of it. */
export interface FreeWindowCandidate {
  id: string;
  timeZone: string;
  policy: RoomPolicy;
  hours: WeeklyHours[];
  /** Its closures that overlap the window. */
  closures: Interval[];
}

export const FREE_WINDOW_CHECK = Symbol('FREE_WINDOW_CHECK');

/**
 * How the catalogue search decides which rooms can be requested for a whole window, without
 * knowing about bookings: the bookings module provides it (globally). SQL only pre-filters:
 * `takenCondition` cheaply drops rooms whose bookings are in the way; `confirm` then judges
 * every candidate by the very rules a booking request is judged by.
 */
export interface FreeWindowCheck {
  /**
   * An SQL condition, true when the room `roomAlias` (with its `buffer_minutes`) holds a
   * booking that a new booking of [:freeFrom, :freeTo) would collide with.
   */
  takenCondition(roomAlias: string): string;
  /** The ids of the candidates a request for `window` would pass the rules for, at `now`. */
  confirm(candidates: FreeWindowCandidate[], window: Interval, now: number): Promise<Set<string>>;
  /**
   * The first instant after `now` at which the rules' verdict on a window starting at
   * `start` can change by the clock alone, for any of these notice and horizon settings
   * (Infinity: never).
   */
  verdictChangesAt(
    timings: Pick<RoomPolicy, 'leadTimeHours' | 'horizonDays'>[],
    start: number,
    now: number,
  ): number;
}

/**
 * What reports may aggregate of rooms, as SQL views (migration CreateReportReadModels): kept
 * stable while the tables change, so that reports sum in SQL without reading rooms' tables.
 * - `report_rooms`: room_id, room_name, venue_id, venue_name, district, time_zone,
 *   price_kind, in_kind_hourly_rate_cents (null: agency default), listed_on (local date the
 *   room was added);
 * - `report_opening_hours`: room_id, weekday (ISO), opens, closes (time, 24:00 = midnight),
 *   valid_from, valid_to (local dates, [from, to), null open-ended);
 * - `report_closures`: room_id, starts_at, ends_at.
 */
export const ROOMS_READ_MODEL = {
  rooms: 'report_rooms',
  openingHours: 'report_opening_hours',
  closures: 'report_closures',
} as const;

export type { ApprovalMode, WeeklyHours };

/** The vocabularies of a room's fields, for forms that offer them (the web's pages). */
export { APPROVAL_MODES, PRICE_KINDS, ROOM_FEATURES } from './room.entity';

/**
 * SQL for other modules' queries, which never name this module's tables: the rooms in venues
 * of the organisations the user whose id is the SQL expression `userId` is a member of, as the
 * column `id`.
 */
export const roomsOfMemberSql = (userId: string): string =>
  `SELECT member_room.id FROM rooms member_room
     JOIN venues member_venue ON member_venue.id = member_room.venue_id
    WHERE ${memberOfOrganizationSql('member_venue.organization_id', userId)}`;

/**
 * SQL for other modules' queries: the room whose id is the SQL expression `roomId`, as the
 * columns `room_name`, `time_zone` and `venue_name`. Joined `JOIN LATERAL (…) alias ON true`.
 */
export const roomNamesSql = (roomId: string): string =>
  `SELECT named_room.name AS room_name, named_room.time_zone, named_venue.name AS venue_name
     FROM rooms named_room JOIN venues named_venue ON named_venue.id = named_room.venue_id
    WHERE named_room.id = ${roomId}`;

/** SQL for other modules' queries: every room's buffer, as the columns `id` and `buffer_minutes`. */
export const ROOM_BUFFERS_SQL = 'SELECT id, buffer_minutes FROM rooms';

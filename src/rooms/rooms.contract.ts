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
  /** The organisation that owns the venue: its members approve or decline requests. */
  organizationId: string;
  /** IANA zone of opening hours and recurring bookings. */
  timeZone: string;
  /** Inactive rooms take no requests and are hidden from outsiders. */
  active: boolean;
  policy: RoomPolicy;
  /** The latest change to the room or its venue. */
  changedAt: Date;
}

/** A period in which a room cannot be booked. */
export interface ClosurePeriod {
  startsAt: Date;
  endsAt: Date;
}

/**
 * How the catalogue search learns which rooms are taken in a window, without the rooms
 * module knowing about bookings: the bookings module provides this (globally), and the
 * search adds its condition to the one SQL query it runs.
 */
export const ROOM_OCCUPANCY = Symbol('ROOM_OCCUPANCY');

export interface RoomOccupancy {
  /**
   * An SQL condition, true when the room `roomAlias` (with its `buffer_minutes`) holds a
   * booking that a new booking of [:freeFrom, :freeTo) would collide with.
   */
  takenCondition(roomAlias: string): string;
}

export type { ApprovalMode, WeeklyHours };

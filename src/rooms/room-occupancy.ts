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

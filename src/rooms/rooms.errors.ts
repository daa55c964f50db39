import { defineErrors } from '../common/errors/domain-error';

export const RoomErrors = defineErrors({
  VENUE_NOT_FOUND: 404,
  ROOM_NOT_FOUND: 404,
  CLOSURE_NOT_FOUND: 404,
  VENUE_HAS_ROOMS: 409,
});

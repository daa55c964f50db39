import { defineErrors } from '../common/errors/domain-error';

export const CalendarErrors = defineErrors({
  /** Unknown, malformed and revoked feed links all get this one answer. */
  FEED_NOT_FOUND: 404,
  CALENDAR_TOKEN_NOT_FOUND: 404,
});

/** What other modules (the web pages) may know of mentoring's vocabulary. */
export { MENTOR_STATUSES, TIMES_OF_WEEK } from './mentor.entity';
export type { MentorStatus, TimeOfWeek } from './mentor.entity';
export { REQUEST_STATUSES, URGENCIES } from './mentoring-request.entity';
export type { Urgency } from './mentoring-request.entity';
export { MEETING_FORMATS } from './meeting.entity';
export type { MeetingFormat } from './meeting.entity';

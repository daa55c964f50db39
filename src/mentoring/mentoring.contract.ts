/**
 * What reports may aggregate of mentoring, as SQL views (migration CreateMentoringReadModel):
 * `report_mentoring_requests`: request_id, organization_id, topic, languages (text[]), status
 * (open | matched | closed), created_at;
 * `report_mentoring_pairs`: assignment_id, request_id, mentor_id, status, accepted_at (null:
 * never accepted, so never a pair), ended_at;
 * `report_mentoring_meetings`: assignment_id, starts_at, duration_minutes.
 * No descriptions, messages, notes or names: they are the organisations' and mentors' own.
 * Mentoring has no rooms of its own to take a zone from: its days are the agency's,
 * `MENTORING_TIME_ZONE` (as on the mentors' certificates).
 */
export const MENTORING_READ_MODEL = {
  requests: 'report_mentoring_requests',
  pairs: 'report_mentoring_pairs',
  meetings: 'report_mentoring_meetings',
} as const;

export const MENTORING_TIME_ZONE = 'Europe/Berlin';

/** What other modules (the web pages) may know of mentoring's vocabulary. */
export { MENTOR_STATUSES, TIMES_OF_WEEK } from './mentor.entity';
export type { MentorStatus, TimeOfWeek } from './mentor.entity';
export { REQUEST_STATUSES, URGENCIES } from './mentoring-request.entity';
export type { Urgency } from './mentoring-request.entity';
export { MEETING_FORMATS } from './meeting.entity';
export type { MeetingFormat } from './meeting.entity';

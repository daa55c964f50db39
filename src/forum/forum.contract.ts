/** What other modules (the web pages) may know of the forum's vocabulary. */
export { AUDIENCES, SESSION_KINDS } from './forum-session.entity';
export type { Audience, SessionKind } from './forum-session.entity';
export { REGISTRATION_LOCALES } from './dto/create-registration.dto';

/**
 * What reports may aggregate of the forum, as SQL views (migration CreateSurveys):
 * `report_forum_sessions`: session_id, kind, topic, languages (text[]), room_id, starts_at,
 * ends_at, capacity, status (draft | published | cancelled);
 * `report_forum_registrations`: session_id, status (confirmed | waitlisted | cancelled),
 * places, attended (null: not recorded), organization_id. No names or addresses: they are
 * erased after a while, the figures stay.
 */
export const FORUM_READ_MODEL = {
  sessions: 'report_forum_sessions',
  registrations: 'report_forum_registrations',
} as const;

/** A session's text in the reader's language (German where it has none). */
export { inLanguage, sessionText, TRANSLATION_LOCALES } from './session-text';

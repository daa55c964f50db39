/** What other modules (the web pages) may know of the forum's vocabulary. */
export { AUDIENCES, SESSION_KINDS } from './forum-session.entity';
export type { Audience, SessionKind } from './forum-session.entity';
export { REGISTRATION_LOCALES } from './dto/create-registration.dto';

import { SessionStatus } from './forum-session.entity';

/** What the registration rule looks at; dates as Date or ISO strings (the API's view). */
export interface RegistrationWindow {
  status: SessionStatus;
  startsAt: Date | string;
  registrationOpensAt?: Date | string | null;
  registrationClosesAt?: Date | string | null;
}

/** Why one may not register now (a ForumErrors code). */
export type RegistrationRefusal =
  | 'SESSION_CANCELLED'
  | 'SESSION_NOT_OPEN'
  | 'SESSION_STARTED'
  | 'REGISTRATION_NOT_YET_OPEN'
  | 'REGISTRATION_CLOSED';

const time = (date: Date | string): number => new Date(date).getTime();

/**
 * The one rule of when one may register: published, not begun, inside the registration
 * window. Staff may register anyone for a draft and outside the window, until it begins.
 * Null: open.
 */
export function registrationRefusal(
  session: RegistrationWindow,
  now: Date,
  staff = false,
): RegistrationRefusal | null {
  if (session.status === 'cancelled') return 'SESSION_CANCELLED';
  if (session.status !== 'published' && !staff) return 'SESSION_NOT_OPEN';
  if (now.getTime() >= time(session.startsAt)) return 'SESSION_STARTED';
  if (staff) return null;
  if (session.registrationOpensAt && now.getTime() < time(session.registrationOpensAt)) {
    return 'REGISTRATION_NOT_YET_OPEN';
  }
  if (session.registrationClosesAt && now.getTime() >= time(session.registrationClosesAt)) {
    return 'REGISTRATION_CLOSED';
  }
  return null;
}

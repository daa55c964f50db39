import { Actor } from '../common/auth/actor';
import { IdentityErrors } from './identity.errors';

/**
 * Only an account whose address is confirmed may ask for rooms: the owners answer to that
 * address. Admins may act anyway.
 */
export function assertEmailConfirmed(actor: Actor): void {
  if (!actor.emailConfirmed && !actor.isAdmin) throw IdentityErrors.EMAIL_NOT_CONFIRMED();
}

/** `%` and `_` in user text are literal characters, not wildcards. */
export const escapeLikeText = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** An account as its owner sees it (GET /api/me, and the answer to signing up). */
export { UserResponseDto } from './dto/user.response.dto';

/**
 * SQL for queries, here and in other modules, that read a user beside other rows (a web
 * session's login, an organisation's members to write to): the user whose id is the SQL
 * expression `userId`, as the columns of `LoginUserRow` (users.service.ts), which `userOfLogin`
 * decides on; no row when there is none. Joined `LEFT JOIN LATERAL (…) u ON true`.
 */
export const loginUserSql = (userId: string): string =>
  `SELECT u.id, u.email, u.name, u.locale, u.is_admin, u.email_confirmed_at, u.blocked_at,
          u.credentials_changed_at
     FROM users u WHERE u.id = ${userId}`;

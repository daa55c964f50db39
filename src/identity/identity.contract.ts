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
 * SQL for queries that read a login's user beside other rows (a web session's): the user whose
 * id is the SQL expression `userId`, as the columns of `LoginUserRow` (users.service.ts), which
 * `userOfLogin` decides on; no row when there is none. Joined `LEFT JOIN LATERAL (…) u ON true`.
 */
export const loginUserSql = (userId: string): string =>
  `SELECT u.id, u.email, u.name, u.locale, u.is_admin, u.email_confirmed_at, u.blocked_at,
          u.credentials_changed_at
     FROM users u WHERE u.id = ${userId}`;

/**
 * SQL for other modules' queries, which never name this module's tables: the account whose id
 * is the SQL expression `userId`, as the columns of `AccountContactRow` (no row when there is
 * none). Joined `LEFT JOIN LATERAL (…) alias ON true`, it reads the people to write to with
 * what names them, in one statement: a booking batch's mails wait for nothing else.
 */
export const accountContactSql = (userId: string): string =>
  `SELECT account.id AS account_id, account.email AS account_email,
          account.name AS account_name, account.locale AS account_locale
     FROM users account WHERE account.id = ${userId}`;

/** A row of `accountContactSql`; all null when a LEFT JOIN found no account. */
export type AccountContactRow =
  | { account_id: string; account_email: string; account_name: string; account_locale: string }
  | { account_id: null; account_email: null; account_name: null; account_locale: null };

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

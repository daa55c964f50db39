import { defineErrors } from '../common/errors/domain-error';

export const IdentityErrors = defineErrors({
  EMAIL_TAKEN: 409,
  INVALID_CREDENTIALS: 401,
  USER_NOT_FOUND: 404,
  ACCOUNT_BLOCKED: 403,
  PASSWORD_WRONG: 403,
  EMAIL_NOT_CONFIRMED: 403,
  CANNOT_BLOCK_SELF: 409,
});

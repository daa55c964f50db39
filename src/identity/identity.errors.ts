import { defineErrors } from '../common/errors/domain-error';

export const IdentityErrors = defineErrors({
  EMAIL_TAKEN: 409,
  INVALID_CREDENTIALS: 401,
  USER_NOT_FOUND: 404,
});

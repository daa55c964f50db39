import { defineErrors } from '../common/errors/domain-error';

export const AccountErrors = defineErrors({
  LINK_INVALID: 400,
  EMAIL_ALREADY_CONFIRMED: 409,
  LAST_ADMIN: 409,
});

import { defineErrors } from '../common/errors/domain-error';

export const OrganizationErrors = defineErrors({
  ORGANIZATION_NOT_FOUND: 404,
  NO_ACCOUNT_FOR_EMAIL: 404,
  MEMBER_NOT_FOUND: 404,
  ALREADY_MEMBER: 409,
  LAST_OWNER: 409,
  LAST_OWNER_OF: 409,
});

import { defineErrors } from '../common/errors/domain-error';

export const NotificationErrors = defineErrors({
  MAIL_NOT_FOUND: 404,
  /** Sent, or being sent by a worker now: sending it again would deliver it twice. */
  MAIL_NOT_RETRYABLE: 409,
});

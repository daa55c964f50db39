import { defineErrors } from '../common/errors/domain-error';

export const WebErrors = defineErrors({
  /** A form without a valid token, or sent from another site. */
  FORM_REFUSED: 403,
});

/** A page that needs a login was asked for without one: the login page, then back. */
export class LoginNeeded extends Error {
  constructor(readonly next: string) {
    super('LOGIN_NEEDED');
  }
}

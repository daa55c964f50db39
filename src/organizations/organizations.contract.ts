/** An organisation that has just been created and waits for an admin's verification. */
export interface OrganizationAwaitingVerification {
  id: string;
  name: string;
}

/**
 * Who hears that an organisation waits for verification (notifications: a mail to the
 * admins). Provided by a module that imports this one, hence a token; called inside the
 * creating transaction.
 */
export interface VerificationRequests {
  awaitingVerification(organization: OrganizationAwaitingVerification): Promise<void>;
}

export const VERIFICATION_REQUESTS = Symbol('VerificationRequests');

/**
 * What reports may aggregate of organisations, as an SQL view (migration
 * CreateReportReadModels): `report_organizations`: organization_id, name, kind, languages,
 * fields (text[]), district, created_at. Reports show groups of them, never fewer than three.
 */
export const ORGANIZATIONS_READ_MODEL = { organizations: 'report_organizations' } as const;

export { ORGANIZATION_KINDS } from './organization.entity';
export type { OrganizationKind } from './organization.entity';

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

/**
 * SQL for other modules' queries, which never name this module's tables: true when the
 * organisation whose id is the SQL expression `organizationId` has been verified by an admin.
 */
export const verifiedOrganizationSql = (organizationId: string): string =>
  `EXISTS (SELECT 1 FROM organizations verified_organization
            WHERE verified_organization.id = ${organizationId}
              AND verified_organization.verified_at IS NOT NULL)`;

/**
 * SQL for other modules' queries: true when the user whose id is the SQL expression `userId`
 * is a member (or owner) of the organisation whose id is the SQL expression `organizationId`.
 */
export const memberOfOrganizationSql = (organizationId: string, userId: string): string =>
  `EXISTS (SELECT 1 FROM memberships member_of_organization
            WHERE member_of_organization.organization_id = ${organizationId}
              AND member_of_organization.user_id = ${userId})`;

/**
 * SQL for other modules' queries: the organisations the user whose id is the SQL expression
 * `userId` is a member (or owner) of, as the columns `id` and `name`.
 */
export const organizationsOfMemberSql = (userId: string): string =>
  `SELECT member_organization.id, member_organization.name
     FROM organizations member_organization
    WHERE ${memberOfOrganizationSql('member_organization.id', userId)}`;

/** SQL for other modules' queries: the name of the organisation whose id is the SQL expression. */
export const organizationNameSql = (organizationId: string): string =>
  `(SELECT named_organization.name FROM organizations named_organization
     WHERE named_organization.id = ${organizationId})`;

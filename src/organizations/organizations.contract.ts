/**
 * What reports may aggregate of organisations, as an SQL view (migration
 * CreateReportReadModels): `report_organizations`: organization_id, name, kind, languages,
 * fields (text[]), district, created_at. Reports show groups of them, never fewer than three.
 */
export const ORGANIZATIONS_READ_MODEL = { organizations: 'report_organizations' } as const;

export { ORGANIZATION_KINDS } from './organization.entity';
export type { OrganizationKind } from './organization.entity';

import { QueryFailedError } from 'typeorm';

/** PostgreSQL SQLSTATEs the services react to by name (Appendix A of the manual). */
export const UNIQUE_VIOLATION = '23505';
export const FOREIGN_KEY_VIOLATION = '23503';
export const EXCLUSION_VIOLATION = '23P01';

/** The PostgreSQL SQLSTATE of a failed query (e.g. 23505 unique, 23P01 exclusion), if any. */
export function sqlStateOf(error: unknown): string | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  return (error.driverError as { code?: string } | undefined)?.code;
}

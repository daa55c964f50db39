import { QueryFailedError } from 'typeorm';

/** The PostgreSQL SQLSTATE of a failed query (e.g. 23505 unique, 23P01 exclusion), if any. */
export function sqlStateOf(error: unknown): string | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  return (error.driverError as { code?: string } | undefined)?.code;
}

import { QueryFailedError } from 'typeorm';

/** The PostgreSQL error code of a failed query (23503: a foreign key refused the change). */
export const sqlState = (error: unknown): string | undefined =>
  error instanceof QueryFailedError
    ? (error.driverError as { code?: string } | undefined)?.code
    : undefined;

export const FOREIGN_KEY_VIOLATION = '23503';

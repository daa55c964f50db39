import { QueryFailedError } from 'typeorm';

/** PostgreSQL SQLSTATEs the services react to by name (Appendix A of the manual). */
export const UNIQUE_VIOLATION = '23505';
export const FOREIGN_KEY_VIOLATION = '23503';
export const EXCLUSION_VIOLATION = '23P01';
/** A statement sent after another failed in its transaction: it says only that. */
export const IN_FAILED_TRANSACTION = '25P02';

/** The PostgreSQL SQLSTATE of a failed query (e.g. 23505 unique, 23P01 exclusion), if any. */
export function sqlStateOf(error: unknown): string | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  return (error.driverError as { code?: string } | undefined)?.code;
}

// Classes of Appendix A that mean "not now" rather than "not this": 08 connection exception,
// 53 insufficient resources (too many connections, disk full), 57 operator intervention
// (shutdown, restart, statement timeout); 40001 and 40P01 are lost races worth retrying, and
// 55P03 a lock not had in time.
const UNAVAILABLE_CLASSES = ['08', '53', '57'];
const UNAVAILABLE_STATES = ['40001', '40P01', '55P03'];
// What the pg driver and Node say when the connection itself is gone; pg gives some of these
// only as a message, without a code.
const NETWORK_CODES = [
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOENT',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
];
const LOST_CONNECTION =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is closed)/;

/**
 * Whether a failure means the database cannot be reached right now, so that the client is
 * told to try again (503) instead of being shown an internal error. A PostgreSQL error that
 * is not a failed query (TypeORM wraps those) comes from opening a connection: the database
 * refuses connections, is missing or is shutting down.
 */
export function databaseUnavailable(error: unknown): boolean {
  const cause = error instanceof QueryFailedError ? (error.driverError as unknown) : error;
  // Not `instanceof Error`: Node's own errors may come from another realm (a test sandbox).
  if (typeof cause !== 'object' || cause === null) return false;
  const { code, syscall, message } = cause as {
    code?: unknown;
    syscall?: unknown;
    message?: unknown;
  };
  if (typeof code === 'string') {
    // A socket's failure, not a file's (ENOENT is also a missing unix socket).
    if (NETWORK_CODES.includes(code)) return syscall !== 'open' && syscall !== 'stat';
    if (/^[0-9A-Z]{5}$/.test(code)) {
      if (UNAVAILABLE_STATES.includes(code) || UNAVAILABLE_CLASSES.includes(code.slice(0, 2))) {
        return true;
      }
      return !(error instanceof QueryFailedError) && 'severity' in cause;
    }
  }
  return typeof message === 'string' && LOST_CONNECTION.test(message);
}

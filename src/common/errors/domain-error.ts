import { MessageParams } from '../i18n/message-catalogue';

/** A field that failed validation; `message` is a catalogue key under `validation.`. */
export interface FieldError {
  field: string;
  /** Catalogue key, e.g. `validation.min`. */
  messageKey: string;
  params: MessageParams;
}

/** Extra members of a problem document besides type, title, status and detail. */
export interface ProblemExtensions {
  errors?: FieldError[];
  conflicts?: unknown[];
  [member: string]: unknown;
}

/**
 * A failure the user can understand and act on. `code` names it once for the whole system:
 * it selects the problem `type` URI and the catalogue texts (`problems.<CODE>.title|detail`);
 * the HTTP status is decided here, next to the code, and turned into a response in one filter.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly params: MessageParams = {},
    readonly extensions: ProblemExtensions = {},
  ) {
    super(code);
    this.name = 'DomainError';
  }
}

const declared = new Map<string, number>();

/** Every code declared so far with its status, so that a test can check the catalogue has texts. */
export const declaredErrorCodes = (): ReadonlyMap<string, number> => declared;

/** Declares one module's failures: `code → status`, with a constructor for each. */
export function defineErrors<const T extends Record<string, number>>(
  statuses: T,
): { [K in keyof T]: (params?: MessageParams, extensions?: ProblemExtensions) => DomainError } {
  for (const [code, status] of Object.entries(statuses)) {
    if (declared.has(code)) throw new Error(`Error code ${code} is declared twice`);
    declared.set(code, status);
  }
  return Object.fromEntries(
    Object.entries(statuses).map(([code, status]) => [
      code,
      (params?: MessageParams, extensions?: ProblemExtensions) =>
        new DomainError(code, status, params, extensions),
    ]),
  ) as never;
}

/** Failures that belong to no single module. */
export const CommonErrors = defineErrors({
  VALIDATION_FAILED: 400,
  MALFORMED_REQUEST: 400,
  MALFORMED_URL: 400,
  INVALID_VALUE: 400,
  BODY_TOO_COMPLEX: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  NOT_ACCEPTABLE: 406,
  REQUEST_TIMEOUT: 408,
  CONFLICT: 409,
  STILL_REFERENCED: 409,
  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_REQUESTS: 429,
  HEADERS_TOO_LARGE: 431,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
});

/** `ROOM_NOT_FOUND` → `room-not-found`, the last segment of the problem type URI. */
export const problemSlug = (code: string): string => code.toLowerCase().replace(/_/g, '-');

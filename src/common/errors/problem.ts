import { HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MessageCatalogue } from '../i18n/message-catalogue';
import { redactPath } from '../logging/logger';
import { CodedConflict, conflictsInWords } from './conflicts';
import { CommonErrors, DomainError, problemSlug } from './domain-error';
import { databaseUnavailable, sqlStateOf } from './sql-state';

/** An RFC 9457 problem document as the service sends it. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: { field: string; message: string }[];
  conflicts?: unknown[];
  [member: string]: unknown;
}

const STATUS_CODES: Record<number, keyof typeof CommonErrors> = {
  400: 'MALFORMED_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
  431: 'HEADERS_TOO_LARGE',
  503: 'SERVICE_UNAVAILABLE',
};

/** Fastify's own failures without a status of their own. */
const FASTIFY_CODES: Record<string, keyof typeof CommonErrors> = {
  FST_ERR_BAD_URL: 'MALFORMED_URL',
  FST_ERR_MAX_PARAM_LENGTH: 'URI_TOO_LONG',
};

/** PostgreSQL error codes that are the user's doing, not the service's. */
const SQLSTATE_CODES: Record<string, keyof typeof CommonErrors> = {
  '23505': 'CONFLICT', // unique_violation
  '23P01': 'CONFLICT', // exclusion_violation
  '23503': 'STILL_REFERENCED', // foreign_key_violation
  '23514': 'VALIDATION_FAILED', // check_violation
  '23502': 'VALIDATION_FAILED', // not_null_violation: a required value sent as null
  '22P02': 'MALFORMED_REQUEST', // invalid_text_representation
  '22007': 'MALFORMED_REQUEST', // invalid_datetime_format
  '22008': 'MALFORMED_REQUEST', // datetime_field_overflow
  '22003': 'MALFORMED_REQUEST', // numeric_value_out_of_range
};

/**
 * Whole classes of Appendix A that only a value can provoke: 22 data exception (string too
 * long 22001, NUL 22021, bad regular expression 2201B, bad escape 22025, range bounds 22000…)
 * and 54 program limit exceeded (a value too large to index or to search for).
 */
const SQLSTATE_CLASSES: Record<string, keyof typeof CommonErrors> = {
  '22': 'INVALID_VALUE',
  '54': 'INVALID_VALUE',
};

/** Seconds a client is asked to wait before trying again when the database is away. */
export const RETRY_AFTER_SECONDS = 5;

/** Every failure leaves the service through here, as problem+json in the caller's language. */
export class ProblemRenderer {
  private readonly logger = new Logger('Problem');

  constructor(private readonly catalogue: MessageCatalogue) {}

  /** Turns anything thrown into a domain error; unknown errors become a logged 500. */
  toDomainError(error: unknown): DomainError {
    if (error instanceof DomainError) return error;
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const code = STATUS_CODES[status];
      if (code) return CommonErrors[code]();
      if (status >= 400 && status < 500) return CommonErrors.MALFORMED_REQUEST();
      return new DomainError('INTERNAL_ERROR', status);
    }
    const state = sqlStateOf(error) ?? '';
    const code = SQLSTATE_CODES[state] ?? SQLSTATE_CLASSES[state.slice(0, 2)];
    if (code) return CommonErrors[code]();
    if (databaseUnavailable(error)) return CommonErrors.SERVICE_UNAVAILABLE();
    const fastify = error as { statusCode?: number; code?: string } | null;
    const fastifyCode = FASTIFY_CODES[fastify?.code ?? ''];
    if (fastifyCode) return CommonErrors[fastifyCode]();
    const fastifyStatus = fastify?.statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      const statusCode = STATUS_CODES[fastifyStatus];
      return statusCode ? CommonErrors[statusCode]() : CommonErrors.MALFORMED_REQUEST();
    }
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return CommonErrors.INTERNAL_ERROR();
  }

  render(error: unknown, request: FastifyRequest): ProblemDocument {
    const domain = this.toDomainError(error);
    const locale = this.catalogue.negotiate(request.headers['accept-language']);
    const key = this.catalogue.has(`problems.${domain.code}.title`)
      ? domain.code
      : 'INTERNAL_ERROR';
    const { errors, ...extensions } = domain.extensions;
    const problem: ProblemDocument = {
      ...extensions,
      type: `/problems/${problemSlug(domain.code)}`,
      title: this.catalogue.t(locale, `problems.${key}.title`, domain.params),
      status: domain.status,
      detail: this.catalogue.t(locale, `problems.${key}.detail`, domain.params),
      // The path without its query, and without a feed's secret: problems get logged and shown.
      instance: request.url ? redactPath(request.url) : undefined,
      requestId: String(request.id),
    };
    if (Array.isArray(extensions.conflicts)) {
      const conflicts = extensions.conflicts as CodedConflict[];
      problem.conflicts = conflictsInWords(this.catalogue, locale, conflicts);
    }
    if (errors) {
      problem.errors = errors.map((fieldError) => ({
        field: fieldError.field,
        message: this.catalogue.t(
          locale,
          this.catalogue.has(fieldError.messageKey) ? fieldError.messageKey : 'validation.default',
          fieldError.params,
        ),
      }));
    }
    return problem;
  }

  send(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
    const problem = this.render(error, request);
    if (problem.status === 429) reply.header('retry-after', '60');
    if (problem.status === 503) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    if (problem.status === 401) reply.header('www-authenticate', 'Bearer');
    void reply
      .status(problem.status)
      .header('content-type', 'application/problem+json; charset=utf-8')
      .header('content-language', this.catalogue.negotiate(request.headers['accept-language']))
      .send(JSON.stringify(problem));
  }
}

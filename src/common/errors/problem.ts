import { HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MessageCatalogue } from '../i18n/message-catalogue';
import { redactPath } from '../logging/logger';
import { CommonErrors, DomainError, problemSlug } from './domain-error';
import { sqlStateOf } from './sql-state';

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
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

/** PostgreSQL error codes that are the user's doing, not the service's. */
const SQLSTATE_CODES: Record<string, keyof typeof CommonErrors> = {
  '23505': 'CONFLICT', // unique_violation
  '23P01': 'CONFLICT', // exclusion_violation
  '23503': 'STILL_REFERENCED', // foreign_key_violation
  '23514': 'VALIDATION_FAILED', // check_violation
  '22P02': 'MALFORMED_REQUEST', // invalid_text_representation
  '22007': 'MALFORMED_REQUEST', // invalid_datetime_format
  '22008': 'MALFORMED_REQUEST', // datetime_field_overflow
  '22003': 'MALFORMED_REQUEST', // numeric_value_out_of_range
};

/** Every failure leaves the service through here, as problem+json in the caller's language. */
export class ProblemRenderer {
  private readonly logger = new Logger('Problem');

  constructor(private readonly catalogue: MessageCatalogue) {}

  /** Turns anything thrown into a domain error; unknown errors become a logged 500. */
  toDomainError(error: unknown): DomainError {
    if (error instanceof DomainError) return error;
    if (error instanceof HttpException) {
      return new DomainError(
        STATUS_CODES[error.getStatus()] ?? 'INTERNAL_ERROR',
        error.getStatus(),
      );
    }
    const code = SQLSTATE_CODES[sqlStateOf(error) ?? ''];
    if (code) return CommonErrors[code]();
    const fastifyStatus = (error as { statusCode?: number } | null)?.statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      return new DomainError(STATUS_CODES[fastifyStatus] ?? 'MALFORMED_REQUEST', fastifyStatus);
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
      instance: redactPath(request.url),
      requestId: String(request.id),
    };
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
    if (problem.status === 401) reply.header('www-authenticate', 'Bearer');
    void reply
      .status(problem.status)
      .header('content-type', 'application/problem+json; charset=utf-8')
      .header('content-language', this.catalogue.negotiate(request.headers['accept-language']))
      .send(JSON.stringify(problem));
  }
}

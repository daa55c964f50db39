import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../common/errors/domain-error';
import { filled, refusalOnForm } from '../manage/form-errors';
import { FormState, FormValues, postedFields, readForm, withError } from './form';
import { PagesService } from './pages.service';

/**
 * A problem the page finds between the form's rules and the service (a date that does not
 * exist): thrown from `act`, it is shown on its field like a refusal.
 */
export class FormRefusal extends Error {
  constructor(
    readonly field: string,
    readonly messageKey: string,
  ) {
    super(messageKey);
  }
}

/**
 * Where a refused code is shown: on a field, worded as the API's problem detail, or on a
 * field in the page's own words.
 */
export type RefusalField = string | { field: string; messageKey: string };

export interface FormSubmission<T extends object, R> {
  /** The form class whose class-validator rules the posted values must pass. */
  form: new () => T;
  /** The values to read; by default the posted fields without the empty ones. */
  values?: FormValues;
  /** The page again with the values as typed and their problems (a 422). */
  show: (state: FormState) => Promise<void>;
  /** The one service call. */
  act: (form: T) => Promise<R>;
  /**
   * The service's refusals shown on the form, by code (its field problems always are, once a
   * map is given); a field's name alone: every refusal of the service, on that field. Without
   * either every refusal is thrown on to the error page.
   */
  refusals?: Record<string, RefusalField> | string;
  /** The service's field names where the form's differ. */
  fields?: Record<string, string> | ((field: string) => string);
  /** POST → 303 → GET: where to, after the service said yes. */
  redirect: string | ((result: R) => string);
}

/**
 * Every page form's POST: read the form, show it again on problems, call the service, show
 * its refusal on the form, and redirect with 303 when it is done.
 */
export async function submitForm<T extends object, R>(
  pages: PagesService,
  request: FastifyRequest,
  reply: FastifyReply,
  submission: FormSubmission<T, R>,
): Promise<void> {
  const read = readForm(submission.form, submission.values ?? filled(postedFields(request)));
  if (!read.ok) return submission.show(read.state);
  let result: R;
  try {
    result = await submission.act(read.form);
  } catch (error) {
    return submission.show(refused(error, read.state, submission));
  }
  const to =
    typeof submission.redirect === 'string' ? submission.redirect : submission.redirect(result);
  return pages.redirect(reply, to);
}

function refused<T extends object, R>(
  error: unknown,
  state: FormState,
  submission: FormSubmission<T, R>,
): FormState {
  if (error instanceof FormRefusal) return withError(state, error.field, error.messageKey);
  const given = submission.refusals;
  if (!given) throw error;
  const refusals =
    typeof given === 'string'
      ? error instanceof DomainError
        ? { [error.code]: given }
        : {}
      : given;
  const own = error instanceof DomainError ? refusals[error.code] : undefined;
  if (own && typeof own !== 'string') return withError(state, own.field, own.messageKey);
  const onFields = Object.fromEntries(
    Object.entries(refusals).flatMap(([code, to]) => (typeof to === 'string' ? [[code, to]] : [])),
  );
  const shown = refusalOnForm(error, state, onFields);
  const fields = submission.fields;
  if (!fields) return shown;
  const rename = typeof fields === 'function' ? fields : (field: string) => fields[field] ?? field;
  return {
    values: shown.values,
    errors: shown.errors.map((problem) => ({ ...problem, field: rename(problem.field) })),
  };
}

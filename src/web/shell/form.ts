import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { FieldError } from '../../common/errors/domain-error';
import { toFieldErrors } from '../../common/validation/validation';

export type FormValues = Record<string, string | string[]>;

/** What a form page shows: the values as typed, and the problems, one or more per field. */
export interface FormState {
  values: FormValues;
  errors: FieldError[];
}

export const emptyForm = (values: FormValues = {}): FormState => ({ values, errors: [] });

/** The posted fields of a page request, without the CSRF token. */
export function postedFields(request: FastifyRequest): FormValues {
  const values = { ...((request.body ?? {}) as FormValues) };
  delete values._csrf;
  return values;
}

/** The filled single fields of a GET form's query string (repeated fields are read apart). */
export function queryFields(query: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const [key, value] of Object.entries(query)) {
    if (typeof value === 'string' && value !== '') values[key] = value;
  }
  return values;
}

/**
 * A posted form checked against a form class with class-validator's rules (the same
 * decorators the API's DTOs use). On success the typed instance; otherwise the problems per
 * field and the values to show again. Fields the class does not know are dropped.
 */
export function readForm<T extends object>(
  formClass: new () => T,
  values: FormValues,
): { ok: true; form: T; state: FormState } | { ok: false; state: FormState } {
  const instance = plainToInstance(formClass, values);
  const errors = toFieldErrors(validateSync(instance, { whitelist: true }));
  const state = { values, errors };
  return errors.length ? { ok: false, state } : { ok: true, form: instance, state };
}

/** A form state with one more problem, e.g. from the service ("e-mail already registered"). */
export const withError = (state: FormState, field: string, messageKey: string): FormState => ({
  values: state.values,
  errors: [...state.errors, { field, messageKey, params: {} }],
});

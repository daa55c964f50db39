import { DomainError } from '../../common/errors/domain-error';
import { FormState } from '../shell/form';

/**
 * A service's refusal shown on the form instead of an error page: its field problems as
 * they are, other codes (listed by the page) as a problem on one field, worded as the API's
 * problem detail. Anything else is not the form's business and is thrown on.
 */
export function refusalOnForm(
  error: unknown,
  state: FormState,
  fieldOf: Record<string, string>,
): FormState {
  if (!(error instanceof DomainError)) throw error;
  const fieldErrors = error.extensions.errors;
  if (Array.isArray(fieldErrors) && fieldErrors.length) {
    return { values: state.values, errors: [...state.errors, ...fieldErrors] };
  }
  const field = fieldOf[error.code];
  if (!field) throw error;
  return {
    values: state.values,
    errors: [
      ...state.errors,
      { field, messageKey: `problems.${error.code}.detail`, params: error.params },
    ],
  };
}

/** A posted value as one string (the last of repeated fields), '' when absent. */
export const single = (value: string | string[] | undefined): string =>
  Array.isArray(value) ? (value[value.length - 1] ?? '') : (value ?? '');

/** "de, tr ar" → ["de", "tr", "ar"]: what a text field of codes or words means. */
export const listOf = (value: string | undefined): string[] => [
  ...new Set(
    (value ?? '')
      .split(/[,;\s]+/)
      .map((part) => part.trim())
      .filter(Boolean),
  ),
];

/** The posted values without empty fields, so that an empty optional field is absent. */
export const filled = <T extends Record<string, string | string[]>>(values: T): T =>
  Object.fromEntries(Object.entries(values).filter(([, value]) => value !== '')) as T;

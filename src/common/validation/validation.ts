import { ValidationPipe } from '@nestjs/common';
import { getMetadataStorage, ValidationError } from 'class-validator';
import { MessageParams } from '../i18n/message-catalogue';
import { CommonErrors, FieldError } from '../errors/domain-error';

/** The arguments a decorator was given (`@Min(1)` → `{0: 1}`), to fill the message in. */
function constraintParams(target: object | undefined, property: string, constraint: string) {
  const params: MessageParams = {};
  if (!target) return params;
  const metadata = getMetadataStorage()
    .getTargetValidationMetadatas(target.constructor, '', true, false)
    .find((entry) => entry.propertyName === property && entry.name === constraint);
  (metadata?.constraints ?? []).forEach((value: unknown, index) => {
    if (Array.isArray(value)) params[index] = value.join(', ');
    else if (typeof value === 'string' || typeof value === 'number') params[index] = value;
  });
  if (constraint === 'isEnum' && metadata?.constraints?.[0]) {
    params.values = Object.values(metadata.constraints[0] as object).join(', ');
  }
  return params;
}

/** Flattens nested errors to `address.postalCode`, `openingHours[2].closes`. */
export function toFieldErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property)
      ? `${prefix}[${error.property}]`
      : prefix
        ? `${prefix}.${error.property}`
        : error.property;
    const own = Object.keys(error.constraints ?? {}).map((constraint) => ({
      field,
      messageKey: `validation.${constraint}`,
      params: constraintParams(error.target, error.property, constraint),
    }));
    return [...own, ...toFieldErrors(error.children ?? [], field)];
  });
}

/**
 * Input is validated at the edge: unknown fields are refused (400), strings are turned into
 * the declared types, and every failure is reported per field in the caller's language.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: true, value: false },
    exceptionFactory: (errors) =>
      CommonErrors.VALIDATION_FAILED({}, { errors: toFieldErrors(errors) }),
  });
}

/** For rules that need more than one field (`closes` after `opens`): one field error. */
export function fieldError(field: string, messageKey: string, params: MessageParams = {}) {
  return CommonErrors.VALIDATION_FAILED({}, { errors: [{ field, messageKey, params }] });
}

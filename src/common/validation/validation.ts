import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage, ValidationError } from 'class-validator';
import { MessageParams } from '../i18n/message-catalogue';
import { CommonErrors, FieldError } from '../errors/domain-error';
import { rememberRuleLookups } from './rule-lookups';

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

// Where @ApiProperty() keeps its options (@nestjs/swagger's DECORATORS.API_MODEL_PROPERTIES,
// which the package does not export).
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';

const isDocumentedNullable = (target: object, property: string): boolean =>
  (
    Reflect.getMetadata(API_MODEL_PROPERTIES, target, property) as
      { nullable?: boolean } | undefined
  )?.nullable === true;

/**
 * `null` is a value only where the API documents it (`nullable: true`: clearing a room's
 * description, a price's amount). Anywhere else it is refused, whatever the DTO's decorators
 * say: `@IsOptional()` lets null through, and a null would reach a NOT NULL column, or read
 * as "no" (`verified: null` withdrawing a verification). One rule for every DTO, new ones
 * included, and it agrees with the OpenAPI document by construction.
 */
export function undocumentedNulls(input: unknown, prefix = ''): FieldError[] {
  if (input === null || typeof input !== 'object') return [];
  if (Array.isArray(input)) {
    return input.flatMap((item, index) => undocumentedNulls(item, `${prefix}[${index}]`));
  }
  // Only DTO instances carry the documentation; a plain object (no DTO) is not judged here.
  if (Object.getPrototypeOf(input) === Object.prototype) return [];
  return Object.entries(input).flatMap(([property, value]) => {
    const field = prefix ? `${prefix}.${property}` : property;
    if (value !== null) return undocumentedNulls(value, field);
    return isDocumentedNullable(input, property)
      ? []
      : [{ field, messageKey: 'validation.notNullable', params: {} }];
  });
}

/** The global pipe: class-validator's rules, then the rule for null. */
class ApiValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Nest reads a JSON `null` body as `{}`, which an all-optional DTO would take.
    if (metadata.type === 'body' && value === null) throw fieldError('', 'validation.unknownValue');
    const result: unknown = await super.transform(value, metadata);
    const errors = undocumentedNulls(result);
    if (errors.length) throw CommonErrors.VALIDATION_FAILED({}, { errors });
    return result;
  }
}

/**
 * Input is validated at the edge: unknown fields are refused (400), strings are turned into
 * the declared types, and every failure is reported per field in the caller's language.
 */
export function createValidationPipe(): ValidationPipe {
  rememberRuleLookups();
  return new ApiValidationPipe({
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

import { ValidateBy, ValidateIf, ValidationOptions } from 'class-validator';
import { DateTime } from 'luxon';

/**
 * The field may be left out, but not sent as null: for columns that cannot be empty, where
 * `@IsOptional()` would let a null through to the database.
 */
export const IsOmittable = () => ValidateIf((_object, value) => value !== undefined);

const OFFSET_DATE_TIME =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;

/**
 * An instant as ISO 8601 with its offset ("2026-03-29T19:00:00+02:00" or "…Z"). A time
 * without offset names no instant, so it is refused. The rule is named after the catalogue
 * text that explains this format.
 */
export const IsOffsetDateTime = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isISO8601',
      validator: {
        validate: (value) =>
          typeof value === 'string' &&
          OFFSET_DATE_TIME.test(value) &&
          DateTime.fromISO(value, { setZone: true }).isValid,
      },
    },
    options,
  );

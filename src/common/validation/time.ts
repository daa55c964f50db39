import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy, ValidationOptions } from 'class-validator';
import { DateTime, IANAZone } from 'luxon';

/** An IANA time zone Luxon knows, e.g. "Europe/Berlin". */
export const IsTimeZone = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isTimeZone',
      validator: { validate: (value) => typeof value === 'string' && IANAZone.isValidZone(value) },
    },
    options,
  );

const WALL_CLOCK = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;

/** A local time of day "HH:MM", 00:00 to 24:00 (24:00 = the end of the day). */
export const IsWallClockTime = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isWallClockTime',
      validator: { validate: (value) => typeof value === 'string' && WALL_CLOCK.test(value) },
    },
    options,
  );

/** "09:30" or "09:30:00" → minutes after midnight (24:00 → 1440). */
export function minutesOfDay(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

/**
 * The patterns let "2027-02-30" through and Date.parse rolls it over to 2 March; Luxon
 * refuses days that do not exist. Date.parse still has to agree, as the services read the
 * value with `new Date()` (it refuses offsets such as +24:00 that Luxon takes).
 */
const exists = (value: string) =>
  DateTime.fromISO(value, { setZone: true }).isValid && !Number.isNaN(Date.parse(value));

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})$/;

const SPACE_FOR_PLUS = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?) (\d{2}:\d{2})$/;

/**
 * In a query string `+` stands for a space, so "…T19:00:00+01:00" written into a URL without
 * encoding the `+` arrives as "…T19:00:00 01:00". A space before the offset at the end of an
 * ISO time can mean nothing else: it is read as `+`, for every time field in one place.
 */
const PlusFromSpace = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.replace(SPACE_FOR_PLUS, '$1+$2') : value,
  );

/**
 * An instant as ISO 8601 with an explicit offset ("2027-03-29T19:00:00+02:00" or "…Z"):
 * a time without offset would be read in the server's zone, which nobody meant.
 */
export const IsInstant = (options?: ValidationOptions) =>
  applyDecorators(
    PlusFromSpace(),
    ValidateBy(
      {
        name: 'isInstant',
        validator: {
          validate: (value) => typeof value === 'string' && INSTANT.test(value) && exists(value),
        },
      },
      options,
    ),
  );

const DATE_OR_INSTANT = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day "2027-05-25" that exists (read in a room's zone by whoever uses it). */
export const IsCalendarDate = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value) =>
          typeof value === 'string' && DATE_OR_INSTANT.test(value) && exists(value),
      },
    },
    options,
  );

/** A calendar day "2027-05-25" (read in the room's zone) or an instant. */
export const IsDateOrInstant = (options?: ValidationOptions) =>
  applyDecorators(
    PlusFromSpace(),
    ValidateBy(
      {
        name: 'isDateOrInstant',
        validator: {
          validate: (value) =>
            typeof value === 'string' &&
            (DATE_OR_INSTANT.test(value) || INSTANT.test(value)) &&
            exists(value),
        },
      },
      options,
    ),
  );

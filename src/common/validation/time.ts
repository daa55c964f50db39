import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy, ValidationOptions } from 'class-validator';
import { IANAZone } from 'luxon';

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

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(?:Z|[+-]\d{2}:\d{2})$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Whether a day or an instant written as DAY or INSTANT exists. The patterns let
 * "2027-02-30" through and Date.parse rolls it over to 2 March: the day must be one of its
 * month's, the time of day 00:00 to 23:59:59 or exactly 24:00 (the end of the day) — Luxon's
 * verdict, in plain arithmetic, as this runs on every request that carries a time
 * (`time.spec.ts` holds it to Luxon). Date.parse still has to agree, as the services read the
 * value with `new Date()` (it refuses offsets such as +24:00).
 */
export function exists(value: string): boolean {
  const parts = DAY.exec(value) ?? INSTANT.exec(value);
  if (!parts) return false;
  // Parts the pattern leaves out (a day's time, seconds, fraction) are 0.
  const [year, month, day, hour, minute, second, fraction] = Array.from({ length: 7 }, (_, i) =>
    Number(parts[i + 1] ?? 0),
  );
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= DAYS_IN_MONTH[month - 1] + (month === 2 && leap ? 1 : 0) &&
    minute <= 59 &&
    second <= 59 &&
    (hour <= 23 || (hour === 24 && minute === 0 && second === 0 && fraction === 0)) &&
    !Number.isNaN(Date.parse(value))
  );
}

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

/** A calendar day "2027-05-25" that exists (read in a room's zone by whoever uses it). */
export const IsCalendarDate = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value) => typeof value === 'string' && DAY.test(value) && exists(value),
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
            typeof value === 'string' && (DAY.test(value) || INSTANT.test(value)) && exists(value),
        },
      },
      options,
    ),
  );

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

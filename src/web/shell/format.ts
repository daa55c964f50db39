export { directionOf } from '../../common/i18n/text-direction';

/** The city's zone, for wall-clock times typed into filters ("free between", "from day"). */
export const CITY_ZONE = 'Europe/Berlin';

const formats = new Map<string, Intl.DateTimeFormat>();

function format(locale: string, zone: string, options: Intl.DateTimeFormatOptions) {
  const key = `${locale}|${zone}|${JSON.stringify(options)}`;
  let found = formats.get(key);
  if (!found) {
    // Always the Gregorian calendar, in the room's zone (never the reader's).
    found = new Intl.DateTimeFormat(`${locale}-u-ca-gregory`, { ...options, timeZone: zone });
    formats.set(key, found);
  }
  return found;
}

/** Built once per language and style: making a formatter costs far more than using it. */
const numbers = new Map<string, Intl.NumberFormat>();
const languageNames = new Map<string, Intl.DisplayNames>();

function numberFormat(locale: string, currency?: string): Intl.NumberFormat {
  const key = `${locale}|${currency ?? ''}`;
  let found = numbers.get(key);
  if (!found) {
    found = new Intl.NumberFormat(locale, currency ? { style: 'currency', currency } : {});
    numbers.set(key, found);
  }
  return found;
}

/**
 * Time ranges said as the language says them ("10:00–12:00 Uhr", "10:00 – 12:00"). ICU's
 * formatRange costs about fifteen times a plain format, and a room's week page says a hundred
 * ranges, most of them the same hours on other days: within one day the words depend only on
 * the two wall-clock times, so those are remembered (a few thousand at most).
 */
const ranges = new Map<string, string>();
const RANGES_KEPT = 5000;

function timeRange(locale: string, zone: string, from: Date, to: Date): string {
  const time = format(locale, zone, { hour: 'numeric', minute: 'numeric', hourCycle: 'h23' });
  const day = format(locale, zone, { year: 'numeric', month: 'numeric', day: 'numeric' });
  if (day.format(from) !== day.format(to)) {
    return format(locale, zone, { timeStyle: 'short' }).formatRange(from, to);
  }
  const key = `${locale}|${zone}|${time.format(from)}|${time.format(to)}`;
  let said = ranges.get(key);
  if (said === undefined) {
    said = format(locale, zone, { timeStyle: 'short' }).formatRange(from, to);
    if (ranges.size >= RANGES_KEPT) ranges.clear();
    ranges.set(key, said);
  }
  return said;
}

/** Dates and times for one page's language, always in the given IANA zone. */
export class Formatter {
  constructor(readonly locale: string) {}

  /** "Samstag, 6. März 2027, 10:00" */
  dateTime(at: Date, zone: string): string {
    return format(this.locale, zone, { dateStyle: 'full', timeStyle: 'short' }).format(at);
  }

  /** "Samstag, 6. März 2027" */
  date(at: Date, zone: string): string {
    return format(this.locale, zone, { dateStyle: 'full' }).format(at);
  }

  /** "Sa., 6.3." */
  shortDate(at: Date, zone: string): string {
    return format(this.locale, zone, { weekday: 'short', day: 'numeric', month: 'numeric' }).format(
      at,
    );
  }

  /** "10:00" */
  time(at: Date, zone: string): string {
    return format(this.locale, zone, { timeStyle: 'short' }).format(at);
  }

  /** "10:00–12:00" */
  timeRange(from: Date, to: Date, zone: string): string {
    return timeRange(this.locale, zone, from, to);
  }

  number(value: number): string {
    return numberFormat(this.locale).format(value);
  }

  money(cents: number, currency: string): string {
    return numberFormat(this.locale, currency).format(cents / 100);
  }

  /** "tr" → "Türkisch": a language's name in the page's language (the code when unknown). */
  language(code: string): string {
    try {
      let names = languageNames.get(this.locale);
      if (!names) {
        names = new Intl.DisplayNames([this.locale], { type: 'language' });
        languageNames.set(this.locale, names);
      }
      return names.of(code) ?? code;
    } catch {
      return code;
    }
  }
}

/** Languages written right to left among those the catalogue may hold. */
const RTL = new Set(['ar', 'fa', 'he', 'ur']);

export const directionOf = (locale: string): 'rtl' | 'ltr' => (RTL.has(locale) ? 'rtl' : 'ltr');

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
    return format(this.locale, zone, { timeStyle: 'short' }).formatRange(from, to);
  }

  number(value: number): string {
    return new Intl.NumberFormat(this.locale).format(value);
  }

  money(cents: number, currency: string): string {
    return new Intl.NumberFormat(this.locale, { style: 'currency', currency }).format(cents / 100);
  }

  /** "tr" → "Türkisch": a language's name in the page's language (the code when unknown). */
  language(code: string): string {
    try {
      return new Intl.DisplayNames([this.locale], { type: 'language' }).of(code) ?? code;
    } catch {
      return code;
    }
  }
}

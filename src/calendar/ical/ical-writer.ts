/**
 * Writes iCalendar content lines straight into a growing Buffer as UTF-8: no intermediate
 * strings per line, no concatenated rope of a megabyte to flatten and encode again, and
 * folding (RFC 5545 §3.1: at most 75 octets, continued after CRLF and one space) done on the
 * octets themselves, never inside a UTF-8 sequence. A feed of 5,000 events is a few
 * milliseconds and a handful of allocations.
 */

const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;
const ZERO = 0x30;
const LINE_OCTETS = 75;
const DAY_MS = 86_400_000;

/** A byte inside a UTF-8 sequence (10xxxxxx): a line may not be folded before it. */
const isContinuation = (byte: number): boolean => (byte & 0xc0) === 0x80;

export class ICalWriter {
  private buffer: Buffer;
  private length = 0;
  /** The date last written: a feed's instants mostly share their day with the one before. */
  private day = { days: Number.NaN, year: 0, month: 0, day: 0 };

  constructor(capacity = 16 * 1024) {
    this.buffer = Buffer.allocUnsafe(capacity);
  }

  /**
   * A line known to need neither escaping nor folding (property names, numbers, enumerated
   * values: ASCII under 75 octets), ended with CRLF.
   */
  ascii(line: string): this {
    this.reserve(line.length + 2);
    this.put(line);
    return this.crlf();
  }

  /**
   * `prefix` (ASCII: name and parameters, up to the colon) followed by `value` (any text,
   * already escaped), folded at 75 octets, ended with CRLF.
   */
  line(prefix: string, value: string): this {
    // UTF-8 needs at most 3 octets per UTF-16 unit; folding adds 3 per 74 octets.
    const most = prefix.length + value.length * 3;
    this.reserve(most + Math.ceil(most / 74) * 3 + 2);
    const start = this.length;
    this.put(prefix);
    this.put(value);
    if (this.length - start > LINE_OCTETS) this.fold(start);
    return this.crlf();
  }

  /** `NAME:20270302T180000Z` for an instant, in UTC, milliseconds dropped (§3.3.5). */
  dateTime(name: string, instant: Date, field: string): this {
    const time = instant.getTime();
    if (Number.isNaN(time)) throw new Error(`${field} is not a valid instant`);
    const days = Math.floor(time / DAY_MS);
    let rest = Math.floor((time - days * DAY_MS) / 1000);
    if (days !== this.day.days) this.day = civilFromDays(days);
    const { year, month, day } = this.day;
    if (year < 0 || year > 9999) throw new Error(`${field} is outside the years 0–9999`);
    this.reserve(name.length + 1 + 16 + 2);
    this.put(name);
    const b = this.buffer;
    let at = this.length;
    b[at++] = 0x3a; // ':'
    b[at++] = ZERO + Math.floor(year / 1000);
    b[at++] = ZERO + (Math.floor(year / 100) % 10);
    b[at++] = ZERO + (Math.floor(year / 10) % 10);
    b[at++] = ZERO + (year % 10);
    b[at++] = ZERO + Math.floor(month / 10);
    b[at++] = ZERO + (month % 10);
    b[at++] = ZERO + Math.floor(day / 10);
    b[at++] = ZERO + (day % 10);
    b[at++] = 0x54; // 'T'
    const hours = Math.floor(rest / 3600);
    rest -= hours * 3600;
    const minutes = Math.floor(rest / 60);
    const seconds = rest - minutes * 60;
    b[at++] = ZERO + Math.floor(hours / 10);
    b[at++] = ZERO + (hours % 10);
    b[at++] = ZERO + Math.floor(minutes / 10);
    b[at++] = ZERO + (minutes % 10);
    b[at++] = ZERO + Math.floor(seconds / 10);
    b[at++] = ZERO + (seconds % 10);
    b[at++] = 0x5a; // 'Z'
    this.length = at;
    return this.crlf();
  }

  /** Everything written, as a Buffer of its own size. */
  toBuffer(): Buffer {
    const result = Buffer.allocUnsafe(this.length);
    this.buffer.copy(result, 0, 0, this.length);
    return result;
  }

  toString(): string {
    return this.buffer.toString('utf8', 0, this.length);
  }

  /**
   * Writes `text` as UTF-8 (room reserved by the caller). Most of what a feed writes is
   * short and ASCII, where a loop here is several times cheaper than a call into
   * `Buffer.write`; the first other character hands the rest to it.
   */
  private put(text: string): void {
    const buffer = this.buffer;
    let at = this.length;
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code >= 0x80) {
        at += buffer.write(index === 0 ? text : text.slice(index), at, 'utf8');
        break;
      }
      buffer[at++] = code;
    }
    this.length = at;
  }

  private crlf(): this {
    this.buffer[this.length++] = CR;
    this.buffer[this.length++] = LF;
    return this;
  }

  /**
   * Folds the line that starts at `start` and ends at the current length: greedy, as many
   * whole characters as fit in 75 octets, the continuation's leading space included.
   */
  private fold(start: number): void {
    const line = Buffer.from(this.buffer.subarray(start, this.length));
    let at = start;
    let from = 0;
    let room = LINE_OCTETS;
    while (line.length - from > room) {
      let cut = from + room;
      while (isContinuation(line[cut])) cut--;
      at += line.copy(this.buffer, at, from, cut);
      this.buffer[at++] = CR;
      this.buffer[at++] = LF;
      this.buffer[at++] = SPACE;
      from = cut;
      room = LINE_OCTETS - 1;
    }
    at += line.copy(this.buffer, at, from);
    this.length = at;
  }

  private reserve(bytes: number): void {
    const needed = this.length + bytes;
    if (needed <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(needed, this.buffer.length * 2));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
}

/** Days since 1970-01-01 → proleptic Gregorian date (H. Hinnant's `civil_from_days`). */
function civilFromDays(daysSinceEpoch: number): {
  days: number;
  year: number;
  month: number;
  day: number;
} {
  const z = daysSinceEpoch + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shifted = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shifted + 2) / 5) + 1;
  const month = shifted < 10 ? shifted + 3 : shifted - 9;
  return { days: daysSinceEpoch, year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

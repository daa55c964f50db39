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
const DAY_SECONDS = 86_400;
const DAY_SLOTS = 64;

/** A byte inside a UTF-8 sequence (10xxxxxx): a line may not be folded before it. */
/** The ASCII digits of 0–99, two per number: tens, then ones. */
const DIGIT_PAIRS = new Uint8Array(200);
for (let value = 0; value < 100; value++) {
  DIGIT_PAIRS[value * 2] = ZERO + Math.floor(value / 10);
  DIGIT_PAIRS[value * 2 + 1] = ZERO + (value % 10);
}

const isContinuation = (byte: number): boolean => (byte & 0xc0) === 0x80;

/**
 * The buffer a writer writes into, lent to one writer at a time and given back when its
 * content is taken (`toBuffer`, `toString`): a feed of a megabyte then allocates only the
 * Buffer it keeps, not a second one to write into, which the garbage collector would have to
 * find again (external memory churn starts full collections). Kept up to `SCRATCH_KEPT`.
 */
let scratch: Buffer | null = null;
const SCRATCH_KEPT = 4 * 1024 * 1024;

export class ICalWriter {
  private buffer: Buffer;
  private length = 0;
  /** Dates written recently, by day since the epoch modulo `DAY_SLOTS`: the digits YYYYMMDD. */
  private readonly dateDigits = new Uint8Array(DAY_SLOTS * 8);
  private readonly dateDays = new Float64Array(DAY_SLOTS).fill(Number.NaN);

  constructor(capacity = 16 * 1024) {
    const lent = scratch;
    if (lent && lent.length >= capacity) {
      scratch = null;
      this.buffer = lent;
    } else {
      this.buffer = Buffer.allocUnsafe(capacity);
    }
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

  /**
   * `prefix`, the characters `start` to `end` of `text` and `suffix` (all already escaped,
   * e.g. `UID:`, an id inside a larger text, `@host`), folded at 75 octets, ended with CRLF:
   * `line(prefix, text.slice(start, end) + suffix)` without making either string.
   */
  lineOf(prefix: string, text: string, start: number, end: number, suffix: string): this {
    const most = prefix.length + (end - start + suffix.length) * 3;
    this.reserve(most + Math.ceil(most / 74) * 3 + 2);
    const begin = this.length;
    this.put(prefix);
    this.putRange(text, start, end);
    this.put(suffix);
    if (this.length - begin > LINE_OCTETS) this.fold(begin);
    return this.crlf();
  }

  /** `prefix` (ASCII) followed by a whole number 0 or more in decimal, ended with CRLF. */
  integer(prefix: string, value: number): this {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new Error(`${prefix} needs a whole number`);
    this.reserve(prefix.length + 16 + 2);
    this.put(prefix);
    const b = this.buffer;
    let digits = 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++;
    let at = this.length + digits;
    this.length = at;
    let rest = value;
    do {
      b[--at] = ZERO + (rest % 10);
      rest = Math.floor(rest / 10);
    } while (rest > 0);
    return this.crlf();
  }

  /** `NAME:20270302T180000Z` for an instant, in UTC, milliseconds dropped (§3.3.5). */
  dateTime(name: string, instant: Date, field: string): this {
    const time = instant.getTime();
    if (Number.isNaN(time)) throw new Error(`${field} is not a valid instant`);
    return this.dateTimeSeconds(name, Math.floor(time / 1000), field);
  }

  /** As `dateTime`, for whole seconds since 1970-01-01 UTC. */
  dateTimeSeconds(name: string, epochSeconds: number, field: string): this {
    const days = Math.floor(epochSeconds / DAY_SECONDS);
    // An event's five instants fall on two or three days (changed, starts, created), so one
    // remembered day would miss most of the time: a few are kept, as their digits YYYYMMDD.
    const slot = days & (DAY_SLOTS - 1);
    if (this.dateDays[slot] !== days) this.remember(slot, days, field);
    // Whole numbers below 2³¹ from here on: integer arithmetic, no floating-point division.
    let seconds = (epochSeconds - days * DAY_SECONDS) | 0;
    const hours = (seconds / 3600) | 0;
    seconds -= hours * 3600;
    const minutes = (seconds / 60) | 0;
    seconds -= minutes * 60;
    this.reserve(name.length + 1 + 16 + 2);
    this.put(name);
    const b = this.buffer;
    const date = this.dateDigits;
    let at = this.length;
    let from = slot * 8;
    b[at++] = 0x3a; // ':'
    for (let digit = 0; digit < 8; digit++) b[at++] = date[from++];
    b[at++] = 0x54; // 'T'
    b[at++] = DIGIT_PAIRS[hours * 2];
    b[at++] = DIGIT_PAIRS[hours * 2 + 1];
    b[at++] = DIGIT_PAIRS[minutes * 2];
    b[at++] = DIGIT_PAIRS[minutes * 2 + 1];
    b[at++] = DIGIT_PAIRS[seconds * 2];
    b[at++] = DIGIT_PAIRS[seconds * 2 + 1];
    b[at++] = 0x5a; // 'Z'
    b[at++] = CR;
    b[at++] = LF;
    this.length = at;
    return this;
  }

  /** Keeps the digits of the date `days` after 1970-01-01 in `slot`. */
  private remember(slot: number, days: number, field: string): void {
    const date = civilDate(days);
    if (!(date >= 0 && date <= 99_991_231)) throw new Error(`${field} is outside the years 0–9999`);
    const digits = this.dateDigits;
    let rest = date;
    for (let at = slot * 8 + 7; at >= slot * 8; at--) {
      digits[at] = ZERO + (rest % 10);
      rest = Math.floor(rest / 10);
    }
    this.dateDays[slot] = days;
  }

  /** Everything written, as a Buffer of its own size. */
  toBuffer(): Buffer {
    const result = Buffer.allocUnsafe(this.length);
    this.buffer.copy(result, 0, 0, this.length);
    this.giveBack();
    return result;
  }

  toString(): string {
    const text = this.buffer.toString('utf8', 0, this.length);
    this.giveBack();
    return text;
  }

  /** Lends the buffer to the next writer; this one must not be written to any more. */
  private giveBack(): void {
    const buffer = this.buffer;
    if (buffer.length > SCRATCH_KEPT || (scratch && scratch.length >= buffer.length)) return;
    scratch = buffer;
    this.buffer = Buffer.alloc(0);
    this.length = 0;
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

  /** As `put`, for the characters `start` to `end` of `text`. */
  private putRange(text: string, start: number, end: number): void {
    const buffer = this.buffer;
    let at = this.length;
    for (let index = start; index < end; index++) {
      const code = text.charCodeAt(index);
      if (code >= 0x80) {
        at += buffer.write(text.slice(index, end), at, 'utf8');
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

/**
 * Days since 1970-01-01 → proleptic Gregorian date as the number YYYYMMDD (negative before
 * the year 0), without making an object (H. Hinnant's `civil_from_days`).
 */
function civilDate(daysSinceEpoch: number): number {
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
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return year < 0 ? -1 : year * 10_000 + month * 100 + day;
}

import { CALENDAR_BOOKING_END, CalendarBookingText } from './calendar.contract';

const COMMA = 0x2c;
const MINUS = 0x2d;
const ZERO = 0x30;
const PUBLIC = 0x50; // 'P'

/**
 * Reads a `CalendarBookingText` one booking at a time, in place: the fields of the current
 * booking are numbers and positions in the text, its status one of a few strings kept; the id
 * and title are written from the text as they are, and only the few strings a feed needs
 * besides (a public title, a private feed's room and organisation) are cut out of it. No
 * string, object or Date per field: thousands of them were most of a cold feed's garbage.
 */
export class CalendarBookingRows {
  /** Where the current booking's id starts and ends in `text`. */
  idStart = 0;
  idEnd = 0;
  status = '';
  sequence = 0;
  /** Whole seconds since 1970-01-01 UTC. */
  startsAt = 0;
  endsAt = 0;
  createdAt = 0;
  updatedAt = 0;
  isPublic = false;
  /** Where the current booking's title starts and ends in `text`. */
  titleStart = 0;
  titleEnd = 0;
  private roomStart = 0;
  private roomEnd = 0;
  private organizationStart = 0;
  private organizationEnd = 0;
  /** Where the next booking starts. */
  private at = 0;
  private readonly statuses: string[] = [];
  readonly text: string;
  readonly count: number;

  constructor(rows: CalendarBookingText) {
    this.text = rows.text;
    this.count = rows.count;
  }

  /** Moves to the next booking; false after the last. */
  next(): boolean {
    const text = this.text;
    if (this.at >= text.length) return false;
    this.idStart = this.at;
    this.idEnd = this.comma(this.at);
    const statusEnd = this.comma(this.idEnd + 1);
    this.status = this.statusOf(this.idEnd + 1, statusEnd);
    this.at = statusEnd + 1;
    this.sequence = this.number();
    this.startsAt = this.number();
    this.endsAt = this.number();
    this.createdAt = this.number();
    this.updatedAt = this.number();
    this.roomStart = this.at;
    this.roomEnd = this.comma(this.at);
    this.organizationStart = this.roomEnd + 1;
    this.organizationEnd = this.comma(this.organizationStart);
    const flag = this.organizationEnd + 1;
    this.isPublic = text.charCodeAt(flag) === PUBLIC;
    this.titleStart = flag + 1;
    this.titleEnd = text.indexOf(CALENDAR_BOOKING_END, this.titleStart);
    if (this.titleEnd < 0) throw this.malformed();
    this.at = this.titleEnd + 1;
    return true;
  }

  title(): string {
    return this.text.slice(this.titleStart, this.titleEnd);
  }

  /** The room's id; empty where the feed does not show it. */
  roomId(): string {
    return this.text.slice(this.roomStart, this.roomEnd);
  }

  /** The organisation's id; empty where the feed does not show it. */
  organizationId(): string {
    return this.text.slice(this.organizationStart, this.organizationEnd);
  }

  /** The position of the comma that ends the field starting at `from`. */
  private comma(from: number): number {
    const at = this.text.indexOf(',', from);
    if (at < 0) throw this.malformed();
    return at;
  }

  /** A whole number ended by a comma, from the current position on. */
  private number(): number {
    const text = this.text;
    let at = this.at;
    const negative = text.charCodeAt(at) === MINUS;
    if (negative) at++;
    const first = at;
    let value = 0;
    for (;;) {
      const code = text.charCodeAt(at);
      if (code === COMMA) break;
      const digit = code - ZERO;
      if (!(digit >= 0 && digit <= 9)) throw this.malformed();
      value = value * 10 + digit;
      at++;
    }
    if (at === first) throw this.malformed();
    this.at = at + 1;
    return negative ? -value : value;
  }

  /** The status between `start` and `end`, as one of the few strings kept for them. */
  private statusOf(start: number, end: number): string {
    for (const status of this.statuses) {
      if (status.length === end - start && this.text.startsWith(status, start)) return status;
    }
    const status = this.text.slice(start, end);
    this.statuses.push(status);
    return status;
  }

  private malformed(): Error {
    return new Error(`calendar bookings: malformed text after position ${this.at}`);
  }
}

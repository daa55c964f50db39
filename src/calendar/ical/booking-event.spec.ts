import {
  bookingEventStatus,
  bookingUid,
  buildCalendar,
  BookingEvent,
  duration,
  renderBookingEvent,
} from './booking-event';
import { escapeText, foldLine, octets, parameterText, sanitizeText, unfold } from './ical-text';

// ical.js ships ESM with a CommonJS build; jest runs CommonJS.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ICAL = require('ical.js') as typeof import('ical.js', {
  with: { 'resolution-mode': 'import' },
}).default;

/** ical.js does not know NAME and X-WR-* as TEXT and hands their raw value back. */
const unescape = (raw: unknown): string =>
  String(raw).replace(/\\([\\;,nN])/g, (_whole, character: string) =>
    character.toLowerCase() === 'n' ? '\n' : character,
  );

const event = (overrides: Partial<BookingEvent> = {}): BookingEvent => ({
  uid: bookingUid('5b0c9f1e-8f4e-4f7a-9d39-2b6f1f0f2a11', 'https://raum.example.org/app'),
  startsAt: new Date('2027-03-02T18:00:00Z'),
  endsAt: new Date('2027-03-02T20:00:00Z'),
  summary: 'Elterncafé',
  status: 'confirmed',
  sequence: 2,
  stamp: new Date('2027-01-15T10:11:12.345Z'),
  ...overrides,
});

const parse = (text: string) => new ICAL.Component(ICAL.parse(text));
const lines = (text: string) => text.split('\r\n');

describe('iCalendar text', () => {
  it('escapes backslash, semicolon, comma and every kind of line break', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf\rg')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng');
  });

  it('drops control characters and mends broken surrogates', () => {
    expect(sanitizeText('a\u0000b\u0007c\u001Fd\u007Fe\tf')).toBe('abcde\tf');
    expect(sanitizeText('x\uD83Dy')).toBe('x\uFFFDy');
    expect(sanitizeText('ok 🎉')).toBe('ok 🎉');
  });

  it('makes a name safe inside a quoted parameter', () => {
    expect(parameterText(' Ayşe "Ayi" \\ Yılmaz\r\nKoç ')).toBe('Ayşe Ayi Yılmaz Koç');
  });

  it('folds at 75 octets without splitting a UTF-8 sequence', () => {
    const line = 'SUMMARY:' + 'Ää🎉ß'.repeat(40);
    const folded = foldLine(line);
    for (const part of folded.split('\r\n')) expect(octets(part)).toBeLessThanOrEqual(75);
    expect(folded).not.toContain('\uFFFD');
    expect(unfold(folded)).toBe(line);
    // Every continuation starts with exactly one space, and no part is empty.
    for (const part of folded.split('\r\n').slice(1)) expect(part).toMatch(/^ [^ ]/);
  });

  it('writes durations as RFC 5545 does', () => {
    expect(duration(3600)).toBe('PT1H');
    expect(duration(5400)).toBe('PT1H30M');
    expect(duration(86_400)).toBe('P1D');
    expect(duration(90_061)).toBe('P1DT1H1M1S');
    expect(duration(0)).toBe('PT0S');
  });
});

describe('booking events', () => {
  it('derive a stable, opaque UID from the booking and the public host', () => {
    expect(bookingUid('abc', 'http://localhost:3000')).toBe('abc@localhost');
    expect(bookingUid('abc', 'https://raum.example.org/app')).toBe('abc@raum.example.org');
  });

  it('map booking statuses to event statuses', () => {
    expect(bookingEventStatus('pending')).toBe('tentative');
    expect(bookingEventStatus('approved')).toBe('confirmed');
    for (const status of ['cancelled', 'declined', 'expired']) {
      expect(bookingEventStatus(status)).toBe('cancelled');
    }
  });

  it('are written in UTC, whatever the process time zone', () => {
    const text = renderBookingEvent(event());
    expect(text).toContain('DTSTART:20270302T180000Z\r\n');
    expect(text).toContain('DTEND:20270302T200000Z\r\n');
    expect(text).toContain('DTSTAMP:20270115T101112Z\r\n');
    expect(text).not.toMatch(/TZID/);
  });

  it('render the same text for the same booking', () => {
    expect(renderBookingEvent(event())).toBe(renderBookingEvent(event()));
  });

  it('refuse an invalid instant instead of writing NaN', () => {
    expect(() => renderBookingEvent(event({ startsAt: new Date('nope') }))).toThrow(/startsAt/);
  });
});

describe('calendars', () => {
  const nasty =
    'Café; Treffen, mit \\ Rückblick\nund Ausblick 🎉 ' + 'Größenänderungsübung '.repeat(6).trim();

  it('end every line, the last one too, with CRLF and fold at 75 octets', () => {
    const text = buildCalendar({
      name: nasty,
      refreshIntervalSeconds: 3600,
      events: [event({ summary: nasty, description: nasty, location: nasty })],
    });
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of lines(text)) expect(octets(line)).toBeLessThanOrEqual(75);
    expect(text).not.toContain('\uFFFD');
  });

  it('escape the calendar name and every text value, as a parser reads them back', () => {
    const text = buildCalendar({
      name: nasty,
      description: nasty,
      refreshIntervalSeconds: 3600,
      events: [event({ summary: nasty, description: nasty, location: nasty })],
    });
    const calendar = parse(text);
    expect(unescape(calendar.getFirstPropertyValue('name'))).toBe(nasty);
    expect(unescape(calendar.getFirstPropertyValue('x-wr-calname'))).toBe(nasty);
    expect(unescape(calendar.getFirstPropertyValue('x-wr-caldesc'))).toBe(nasty);
    expect(calendar.getFirstPropertyValue('description')).toBe(nasty);
    expect(String(calendar.getFirstPropertyValue('refresh-interval'))).toBe('PT1H');
    expect(calendar.getFirstPropertyValue('x-published-ttl')).toBe('PT1H');
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('calscale')).toBe('GREGORIAN');
    expect(calendar.getFirstPropertyValue('prodid')).toBeTruthy();
    const vevent = calendar.getFirstSubcomponent('vevent')!;
    for (const property of ['summary', 'description', 'location']) {
      expect(vevent.getFirstPropertyValue(property)).toBe(nasty);
    }
    expect(unfold(text)).toContain('X-WR-CALNAME:Café\\; Treffen\\, mit \\\\ Rückblick\\nund');
  });

  it('give the times, UID, sequence and status back through a parser', () => {
    const parsed = new ICAL.Event(
      parse(
        buildCalendar({ events: [event({ status: 'cancelled', sequence: 7 })] }),
      ).getFirstSubcomponent('vevent')!,
    );
    expect(parsed.uid).toBe('5b0c9f1e-8f4e-4f7a-9d39-2b6f1f0f2a11@raum.example.org');
    expect(parsed.sequence).toBe(7);
    expect(parsed.startDate.toJSDate().toISOString()).toBe('2027-03-02T18:00:00.000Z');
    expect(parsed.endDate.toJSDate().toISOString()).toBe('2027-03-02T20:00:00.000Z');
    expect(parsed.startDate.zone?.tzid).toBe('UTC');
    expect(parsed.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(parsed.component.getFirstPropertyValue('transp')).toBe('OPAQUE');
  });

  it('write invitations with METHOD, one organizer and quoted, cleaned names', () => {
    const text = buildCalendar({
      method: 'REQUEST',
      events: [
        event({
          organizer: { name: 'Raum für Engagement', email: 'raum@example.org' },
          attendees: [
            { name: 'Ayşe "Ayi"\nYılmaz; Koç, e.V.', email: 'ayse@example.org', rsvp: true },
          ],
        }),
      ],
    });
    const calendar = parse(text);
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    const vevent = calendar.getFirstSubcomponent('vevent')!;
    const organizer = vevent.getFirstProperty('organizer')!;
    expect(organizer.getParameter('cn')).toBe('Raum für Engagement');
    expect(String(organizer.getFirstValue()).toLowerCase()).toBe('mailto:raum@example.org');
    const attendees = vevent.getAllProperties('attendee');
    expect(attendees).toHaveLength(1);
    expect(attendees[0].getParameter('cn')).toBe('Ayşe Ayi Yılmaz; Koç, e.V.');
    expect(attendees[0].getParameter('rsvp')).toBe('TRUE');
    expect(unfold(text)).toContain(';CN="Ayşe Ayi Yılmaz; Koç, e.V."');
  });

  it('refuse an invitation without organizer, and a CANCEL of a live event', () => {
    expect(() => buildCalendar({ method: 'REQUEST', events: [event()] })).toThrow(/ORGANIZER/);
    const organizer = { name: 'Raum', email: 'raum@example.org' };
    expect(() => buildCalendar({ method: 'CANCEL', events: [event({ organizer })] })).toThrow(
      /CANCEL/,
    );
  });
});

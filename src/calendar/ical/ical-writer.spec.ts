import fc from 'fast-check';
import ical, {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalEventStatus,
  ICalEventTransparency,
} from 'ical-generator';
import { BookingEvent, buildCalendar, renderBookingEvent } from './booking-event';
import { foldLine, octets, parameterText, sanitizeText, unfold } from './ical-text';

// ical.js ships ESM with a CommonJS build; jest runs CommonJS.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ICAL = require('ical.js') as typeof import('ical.js', {
  with: { 'resolution-mode': 'import' },
}).default;

/**
 * The writer builds iCalendar as text. These tests hold it to two references: ical.js, a
 * real parser, reads back exactly what was written (edge cases of escaping, folding and
 * status), and ical-generator — which wrote the events before (kept as a dev dependency for
 * this comparison only) — produces the same bytes for any event, so the feeds' ETags and
 * the mailed invitations did not change with the writer.
 */

const parse = (text: string) => new ICAL.Component(ICAL.parse(text));
const eventsOf = (text: string) =>
  parse(text)
    .getAllSubcomponents('vevent')
    .map((component) => new ICAL.Event(component));

const base = (overrides: Partial<BookingEvent> = {}): BookingEvent => ({
  uid: '5b0c9f1e-8f4e-4f7a-9d39-2b6f1f0f2a11@raum.example.org',
  startsAt: new Date('2027-03-02T18:00:00Z'),
  endsAt: new Date('2027-03-02T20:00:00Z'),
  summary: 'Elterncafé',
  status: 'confirmed',
  sequence: 2,
  stamp: new Date('2027-01-15T10:11:12.345Z'),
  ...overrides,
});

/** The old path: an ical-generator event, with the same sanitising the old code applied. */
function generated(event: BookingEvent): string {
  const calendar = ical();
  const person = (p: { name: string; email: string }) =>
    parameterText(p.name) || parameterText(p.email);
  const text = calendar
    .createEvent({
      id: event.uid,
      sequence: event.sequence,
      start: event.startsAt,
      end: event.endsAt,
      stamp: event.stamp,
      created: event.created ?? null,
      lastModified: event.lastModified ?? null,
      summary: sanitizeText(event.summary),
      description: event.description ? sanitizeText(event.description) : null,
      location: event.location ? sanitizeText(event.location) : null,
      status: {
        tentative: ICalEventStatus.TENTATIVE,
        confirmed: ICalEventStatus.CONFIRMED,
        cancelled: ICalEventStatus.CANCELLED,
      }[event.status],
      transparency: event.transparent
        ? ICalEventTransparency.TRANSPARENT
        : ICalEventTransparency.OPAQUE,
      organizer: event.organizer
        ? { name: person(event.organizer), email: event.organizer.email }
        : null,
      attendees: (event.attendees ?? []).map((attendee) => ({
        name: person(attendee),
        email: attendee.email,
        role: ICalAttendeeRole.REQ,
        status: {
          'needs-action': ICalAttendeeStatus.NEEDSACTION,
          accepted: ICalAttendeeStatus.ACCEPTED,
          declined: ICalAttendeeStatus.DECLINED,
          tentative: ICalAttendeeStatus.TENTATIVE,
        }[attendee.participation ?? 'needs-action'],
        rsvp: attendee.rsvp ?? false,
      })),
    })
    .toString();
  return text
    .split('\r\n')
    .map((line) => (octets(line) > 75 ? foldLine(line) : line))
    .join('\r\n');
}

const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 120 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom('Belegt', 'a;b,c\\d\ne\r\nf\rg', 'Ää🎉ß'.repeat(30), '', ' \t '),
);
const instant = fc
  .integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) })
  .map((ms) => new Date(ms));
const person = fc.record({
  name: text,
  email: fc.constantFrom('raum@example.org', 'a.b+c@example.org', 'x;y,z@example.org'),
});
const bookingEvent: fc.Arbitrary<BookingEvent> = fc.record(
  {
    uid: fc.uuid().map((id) => `${id}@raum.example.org`),
    startsAt: instant,
    endsAt: instant,
    summary: text,
    status: fc.constantFrom('tentative', 'confirmed', 'cancelled'),
    sequence: fc.nat({ max: 10_000 }),
    stamp: instant,
    created: fc.option(instant),
    lastModified: fc.option(instant),
    description: fc.option(text),
    location: fc.option(text),
    transparent: fc.boolean(),
    organizer: fc.option(person),
    attendees: fc.array(
      fc.record({
        name: text,
        email: person.map((p) => p.email),
        rsvp: fc.boolean(),
        participation: fc.constantFrom('needs-action', 'accepted', 'declined', 'tentative'),
      }),
      { maxLength: 2 },
    ),
  },
  { requiredKeys: ['uid', 'startsAt', 'endsAt', 'summary', 'status', 'sequence', 'stamp'] },
);

describe('the iCalendar writer', () => {
  it('writes the same bytes as ical-generator did, for any event', () => {
    fc.assert(
      fc.property(bookingEvent, (event) => {
        expect(renderBookingEvent(event)).toBe(generated(event));
      }),
      { numRuns: 2_000 },
    );
  });

  it('writes only lines of at most 75 octets, each ended by CRLF, and ical.js reads them back', () => {
    fc.assert(
      fc.property(fc.array(bookingEvent, { minLength: 1, maxLength: 3 }), text, (events, name) => {
        const written = buildCalendar({ name, refreshIntervalSeconds: 3600, events });
        expect(written.endsWith('END:VCALENDAR\r\n')).toBe(true);
        const lines = written.split('\r\n').slice(0, -1);
        for (const line of lines) expect(octets(line)).toBeLessThanOrEqual(75);
        expect(written.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
        const parsed = eventsOf(written);
        expect(parsed.map((event) => event.uid)).toEqual(events.map((event) => event.uid));
        parsed.forEach((event, index) => {
          // ical.js turns \n back into a line break; the writer wrote LF for every kind.
          expect(event.summary).toBe(sanitizeText(events[index].summary));
          expect(event.sequence).toBe(events[index].sequence);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('folds a long UTF-8 title at octet boundaries, never inside a character', () => {
    const summary = 'Größenänderungsübung 🎉 ' + 'ü€𝄞'.repeat(40);
    const written = buildCalendar({ events: [base({ summary })] });
    const raw = Buffer.from(written, 'utf8');
    // Every line, split on the bytes, is valid UTF-8 of at most 75 octets.
    let start = 0;
    for (let index = 0; index < raw.length - 1; index++) {
      if (raw[index] !== 0x0d || raw[index + 1] !== 0x0a) continue;
      const line = raw.subarray(start, index);
      expect(line.length).toBeLessThanOrEqual(75);
      expect(Buffer.from(line.toString('utf8'), 'utf8').equals(line)).toBe(true);
      start = index + 2;
    }
    const summaryLines = written.split('\r\n').filter((_line, index, all) => {
      const previous = all.slice(0, index + 1).reverse();
      return previous.find((candidate) => !candidate.startsWith(' '))?.startsWith('SUMMARY:');
    });
    expect(summaryLines.length).toBeGreaterThan(3);
    // The fold is exactly CRLF + one space: unfolding gives the line back.
    expect(unfold(summaryLines.join('\r\n'))).toBe(`SUMMARY:${summary}`);
    expect(eventsOf(written)[0].summary).toBe(summary);
  });

  it('escapes commas, semicolons, backslashes and line breaks, and drops control characters', () => {
    const summary = 'Treffen; Plenum, danach\\Sonst\r\nZeile 2\rZeile 3\nZeile\u0007 4\t!';
    const written = buildCalendar({
      name: summary,
      events: [base({ summary, description: summary, location: summary })],
    });
    expect(unfold(written)).toContain(
      'SUMMARY:Treffen\\; Plenum\\, danach\\\\Sonst\\nZeile 2\\nZeile 3\\nZeile 4\t!\r\n',
    );
    const [event] = eventsOf(written);
    const expected = 'Treffen; Plenum, danach\\Sonst\nZeile 2\nZeile 3\nZeile 4\t!';
    expect(event.summary).toBe(expected);
    expect(event.description).toBe(expected);
    expect(event.location).toBe(expected);
  });

  it('keeps cancelled events as STATUS:CANCELLED, transparent, with their sequence', () => {
    const written = buildCalendar({
      events: [
        base({ status: 'cancelled', transparent: true, sequence: 9 }),
        base({ uid: 'other@raum.example.org', status: 'tentative' }),
      ],
    });
    const [cancelled, tentative] = eventsOf(written);
    expect(cancelled.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(cancelled.component.getFirstPropertyValue('transp')).toBe('TRANSPARENT');
    expect(cancelled.sequence).toBe(9);
    expect(tentative.component.getFirstPropertyValue('status')).toBe('TENTATIVE');
    expect(tentative.component.getFirstPropertyValue('transp')).toBe('OPAQUE');
  });

  it('writes DTSTAMP, CREATED and LAST-MODIFIED in UTC without milliseconds', () => {
    const written = renderBookingEvent(
      base({
        created: new Date('2026-12-31T23:59:59.999Z'),
        lastModified: new Date('2027-01-15T10:11:12.345Z'),
      }),
    );
    expect(written).toContain('DTSTAMP:20270115T101112Z\r\n');
    expect(written).toContain('CREATED:20261231T235959Z\r\n');
    expect(written).toContain('LAST-MODIFIED:20270115T101112Z\r\n');
  });

  it('refuses what it cannot write', () => {
    expect(() => renderBookingEvent(base({ endsAt: new Date(Number.NaN) }))).toThrow(/endsAt/);
    expect(() => renderBookingEvent(base({ sequence: 1.5 }))).toThrow(/sequence/);
    expect(() => renderBookingEvent(base({ organizer: { name: 'Raum', email: '' } }))).toThrow(
      /ORGANIZER/,
    );
  });
});

import fc from 'fast-check';
import { CalendarBookingText, CalendarDetail } from './calendar.contract';
import { CalendarBookingRows } from './feed-booking-rows';
import { FeedBookingContext, FeedTexts, RoomLabel, writeFeedBookings } from './feed-events';
import { bookingEventStatus, bookingUid, BookingEvent, writeCalendar } from './ical/booking-event';

// ical.js ships ESM with a CommonJS build; jest runs CommonJS.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ICAL = require('ical.js') as typeof import('ical.js', {
  with: { 'resolution-mode': 'import' },
}).default;

/**
 * A feed's bookings are written straight from the text the bookings module reads them as
 * (`writeFeedBookings`). Before, each became a `BookingEvent` (the functions below, as they
 * were) written by `writeBookingEvent`, as every other event still is: the bytes must not
 * differ, or every subscriber's ETag would change and the mails would say something else than
 * the feeds.
 */

/** A booking as the feeds read it before (`CalendarBooking`). */
interface Booking {
  id: string;
  roomId: string;
  organizationId: string;
  status: string;
  startsAt: Date;
  endsAt: Date;
  title: string;
  isPublic: boolean;
  sequence: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The previous public event (`publicRoomEvent`). */
function publicRoomEvent(booking: Booking, publicUrl: string, texts: FeedTexts): BookingEvent {
  const status = bookingEventStatus(booking.status);
  return {
    uid: bookingUid(booking.id, publicUrl),
    startsAt: booking.startsAt,
    endsAt: booking.endsAt,
    status,
    sequence: booking.sequence,
    stamp: booking.updatedAt,
    created: booking.createdAt,
    lastModified: booking.updatedAt,
    transparent: status === 'cancelled',
    summary: booking.isPublic ? booking.title : texts.busy,
    description: null,
    location: null,
  };
}

/** The previous private event (`privateEvent`). */
function privateEvent(
  booking: Booking,
  publicUrl: string,
  texts: FeedTexts,
  labels: { rooms: Map<string, RoomLabel>; organizations: Map<string, string> },
): BookingEvent {
  const room = labels.rooms.get(booking.roomId);
  const organization = labels.organizations.get(booking.organizationId);
  const description = [
    organization === undefined ? null : texts.organization(organization),
    room === undefined ? null : texts.room(`${room.room}, ${room.venue}`),
    texts.status(booking.status),
  ].filter((line): line is string => line !== null);
  const status = bookingEventStatus(booking.status);
  return {
    uid: bookingUid(booking.id, publicUrl),
    startsAt: booking.startsAt,
    endsAt: booking.endsAt,
    status,
    sequence: booking.sequence,
    stamp: booking.updatedAt,
    created: booking.createdAt,
    lastModified: booking.updatedAt,
    transparent: status === 'cancelled',
    summary: booking.title,
    description: description.join('\n'),
    location: room ? `${room.room}, ${room.venue}, ${room.address}` : null,
  };
}

/**
 * The text `BookingQueriesService.forCalendar` makes in SQL (`CalendarBookingText`), made here
 * from the bookings; the e2e feed tests hold the SQL to the same.
 */
function asText(bookings: Booking[], detail: CalendarDetail): CalendarBookingText {
  const seconds = (instant: Date) => Math.floor(instant.getTime() / 1000);
  const text = bookings
    .map((b) =>
      [
        b.id,
        b.status,
        b.sequence,
        seconds(b.startsAt),
        seconds(b.endsAt),
        seconds(b.createdAt),
        seconds(b.updatedAt),
        detail === 'private' ? b.roomId : '',
        detail === 'private' ? b.organizationId : '',
        (b.isPublic ? 'P' : '-') +
          (detail === 'private' || b.isPublic ? b.title.replaceAll('\u001e', '') : '') +
          '\u001e',
      ].join(','),
    )
    .join('');
  return { count: bookings.length, text };
}

const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 120 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom(
    'Belegt',
    'a;b,c\\d\ne\r\nf\rg',
    'Ää🎉ß'.repeat(30),
    '',
    ' \t ',
    'x\u001ey',
    '\r\u001e\n',
    ',,,P-\u001e',
  ),
);
/** Instants with milliseconds, before and after 1970. */
const instant = fc
  .integer({ min: Date.UTC(1960, 0, 1), max: Date.UTC(2099, 11, 31) })
  .map((ms) => new Date(ms));
const rooms = ['3f0c3a8e-1111-4c1d-8a4e-000000000001', '3f0c3a8e-1111-4c1d-8a4e-000000000002'];
const organizations = [
  '9a1b2c3d-2222-4e5f-9a0b-000000000001',
  '9a1b2c3d-2222-4e5f-9a0b-0000000002',
];
const booking: fc.Arbitrary<Booking> = fc.record({
  id: fc.uuid(),
  // The second of each is one the feed has no name for.
  roomId: fc.constantFrom(...rooms),
  organizationId: fc.constantFrom(...organizations),
  status: fc.constantFrom('pending', 'approved', 'declined', 'cancelled', 'expired'),
  startsAt: instant,
  endsAt: instant,
  title: text,
  isPublic: fc.boolean(),
  sequence: fc.nat({ max: 2_000_000_000 }),
  createdAt: instant,
  updatedAt: instant,
});
const labels = fc.record({
  room: text,
  venue: text,
  address: text,
  organization: text,
});
const feedTexts = fc
  .record({ busy: text, organization: text, room: text, status: text })
  .map((words): FeedTexts => ({
    busy: words.busy,
    organization: (name) => `${words.organization}: ${name}`,
    room: (name) => `${words.room} ${name}`,
    status: (status) => (status === 'expired' ? '' : `${words.status}${status}`),
  }));
const publicUrl = fc.constantFrom(
  'https://raum.example.org',
  `https://${'sehr-lang.'.repeat(6)}example.org/pfad`,
);

function written(
  bookings: Booking[],
  detail: CalendarDetail,
  context: FeedBookingContext,
): { before: Buffer; now: Buffer } {
  const document = { name: 'Raum; Ä', refreshIntervalSeconds: 3600 };
  const before = writeCalendar({
    ...document,
    events: bookings.map((b) =>
      context.labels === null
        ? publicRoomEvent(b, context.publicUrl, context.texts)
        : privateEvent(b, context.publicUrl, context.texts, context.labels),
    ),
  });
  const rows = new CalendarBookingRows(asText(bookings, detail));
  const now = writeCalendar({
    ...document,
    written: { count: rows.count, write: (writer) => writeFeedBookings(writer, rows, context) },
    events: [],
  });
  return { before, now };
}

describe('a feed of bookings written from their text', () => {
  it('has the bytes of the events the feeds made before, public and private', () => {
    fc.assert(
      fc.property(
        fc.array(booking, { maxLength: 12 }),
        labels,
        feedTexts,
        publicUrl,
        fc.constantFrom<CalendarDetail>('public', 'private'),
        (bookings, label, texts, url, detail) => {
          const context: FeedBookingContext = {
            publicUrl: url,
            texts,
            labels:
              detail === 'public'
                ? null
                : {
                    rooms: new Map([[rooms[0], label]]),
                    organizations: new Map([[organizations[0], label.organization]]),
                  },
          };
          const { before, now } = written(bookings, detail, context);
          expect(now.toString('utf8')).toBe(before.toString('utf8'));
          expect(now.equals(before)).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('reads back in ical.js with each booking in its place', () => {
    const bookings: Booking[] = [
      {
        id: '0b7d6f7e-3c55-4a4e-9a54-7a0d1f6b8e01',
        roomId: rooms[0],
        organizationId: organizations[0],
        status: 'approved',
        startsAt: new Date('2027-03-02T18:00:00.999Z'),
        endsAt: new Date('2027-03-02T20:00:00Z'),
        title: 'Öffentlich, mit; allem\\',
        isPublic: true,
        sequence: 12,
        createdAt: new Date('1969-12-31T23:59:59.500Z'),
        updatedAt: new Date('2027-01-15T10:11:12.345Z'),
      },
      {
        id: '0b7d6f7e-3c55-4a4e-9a54-7a0d1f6b8e02',
        roomId: rooms[0],
        organizationId: organizations[0],
        status: 'cancelled',
        startsAt: new Date('2027-03-03T18:00:00Z'),
        endsAt: new Date('2027-03-03T17:00:00Z'),
        title: 'geheim',
        isPublic: false,
        sequence: 0,
        createdAt: new Date('2027-01-15T10:11:12Z'),
        updatedAt: new Date('2027-01-16T10:11:12Z'),
      },
    ];
    const texts: FeedTexts = {
      busy: 'Belegt',
      organization: (name) => name,
      room: (name) => name,
      status: (status) => status,
    };
    const { now } = written(bookings, 'public', {
      publicUrl: 'https://raum.example.org',
      texts,
      labels: null,
    });
    const events = new ICAL.Component(ICAL.parse(now.toString('utf8')))
      .getAllSubcomponents('vevent')
      .map((component) => new ICAL.Event(component));
    expect(events.map((event) => [event.uid, event.summary, event.sequence])).toEqual([
      ['0b7d6f7e-3c55-4a4e-9a54-7a0d1f6b8e01@raum.example.org', 'Öffentlich, mit; allem\\', 12],
      ['0b7d6f7e-3c55-4a4e-9a54-7a0d1f6b8e02@raum.example.org', 'Belegt', 0],
    ]);
    expect(events[0].startDate.toJSDate()).toEqual(new Date('2027-03-02T18:00:00Z'));
    expect(events[1].startDate.toJSDate()).toEqual(new Date('2027-03-03T17:00:00Z'));
    expect(events[1].component.getFirstPropertyValue('transp')).toBe('TRANSPARENT');
    expect(
      (events[0].component.getFirstPropertyValue('created') as { toJSDate(): Date }).toJSDate(),
    ).toEqual(new Date('1969-12-31T23:59:59Z'));
  });

  it('refuses a text that is not what the contract says', () => {
    const read = (text: string) => {
      const rows = new CalendarBookingRows({ count: 1, text });
      while (rows.next());
    };
    expect(() => read('id,approved,1,2,3,4,5,,,-title')).toThrow(/malformed/);
    expect(() => read('id,approved,1,x,3,4,5,,,-title\u001e')).toThrow(/malformed/);
    expect(() => read('id,approved,1,2,3,4\u001e')).toThrow(/malformed/);
    expect(() => read('id,approved,1,2,3,4,5,,,-title\u001e')).not.toThrow();
  });
});

import { DateTime } from 'luxon';
import {
  berlin,
  book,
  bookingInput,
  BookingStage,
  createBookableRoom,
  createStage,
  futureDay,
  ZONE,
} from '../support/booking-factories';
import {
  createFeedLink,
  getFeed,
  parseFeed,
  rawLines,
  uidOf,
  unfoldedLines,
} from '../support/calendar-feeds';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The public feed of a room, read as a calendar program reads it (ical.js), and as bytes.
 * Run under TZ=UTC and TZ=America/New_York too: nothing may depend on the server's zone.
 */
describe('public room feeds', () => {
  let database: TestDatabase;
  let app: TestApp;
  let stage: BookingStage;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startTestApp({ JOB_INTERVAL_SECONDS: '0' }, database);
    stage = await createStage(app);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const feedPath = (roomId: string) => `/api/calendar/rooms/${roomId}.ics`;
  const request = (roomId: string, day: string, from: string, to: string, extra = {}) =>
    bookingInput(
      roomId,
      stage.requesterOrganizationId,
      berlin(`${day}T${from}`),
      berlin(`${day}T${to}`),
      extra,
    );
  const updatedAt = async (id: string): Promise<Date> =>
    (await app.db.query(`SELECT updated_at FROM bookings WHERE id = $1`, [id]))[0].updated_at;
  const post = async (path: string, token: string) => {
    const reply = await app.post(path, {}, { token });
    if (reply.status !== 200 && reply.status !== 201) {
      throw new Error(`${path}: ${reply.status} ${reply.text}`);
    }
    return reply.body;
  };

  it('shows holding bookings as busy, in UTC, under their UID and SEQUENCE, and nothing of who', async () => {
    const room = await createBookableRoom(app, stage);
    const pending = await book(
      app,
      stage.requester,
      request(room.id, futureDay(3, 1), '19:00', '21:00'),
    );
    const approved = await book(
      app,
      stage.requester,
      request(room.id, futureDay(3, 2), '10:00', '12:30'),
    );
    const decided = await post(`/api/bookings/${approved.id}/approve`, stage.owner.token);
    const open = await book(
      app,
      stage.requester,
      request(room.id, futureDay(3, 3), '15:00', '18:00', {
        title: 'Internationales Erzählcafé',
        isPublic: true,
        purpose: 'Geschichten aus aller Welt',
      }),
    );

    const reply = await getFeed(app, feedPath(room.id));
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const parsed = parseFeed(reply.text);
    expect(parsed.events).toHaveLength(3);

    const first = parsed.event(uidOf(app, pending.id));
    expect(first).toMatchObject({ summary: 'Belegt', status: 'TENTATIVE', sequence: 0 });
    expect(first.start.toISOString()).toBe(new Date(pending.startsAt).toISOString());
    expect(first.end.toISOString()).toBe(new Date(pending.endsAt).toISOString());
    expect(first.startInBerlin).toBe(`${futureDay(3, 1)}T19:00`);
    expect(first.startZone).toBe('UTC');
    // DTSTAMP is the booking's last change, in UTC, so that an unchanged feed stays the same.
    expect(first.stamp.getTime()).toBe(
      Math.floor((await updatedAt(pending.id)).getTime() / 1000) * 1000,
    );

    const second = parsed.event(uidOf(app, approved.id));
    expect(second).toMatchObject({ summary: 'Belegt', status: 'CONFIRMED' });
    expect(second.sequence).toBe(decided.sequence);
    expect(second.sequence).toBeGreaterThan(0);

    expect(parsed.event(uidOf(app, open.id)).summary).toBe('Internationales Erzählcafé');

    for (const event of parsed.events) {
      expect(event.transp).toBe('OPAQUE');
      for (const hidden of ['organizer', 'attendee', 'description', 'location', 'contact']) {
        expect(event.properties).not.toContain(hidden);
      }
    }
    // Who booked appears nowhere, not even hidden in another property.
    const organization = await app.get(`/api/organizations/${stage.requesterOrganizationId}`);
    expect(reply.text).not.toContain(organization.body.name);
    expect(reply.text).not.toContain('Geschichten aus aller Welt');
    expect(reply.text).not.toContain('Elterncafé');

    const calendar = parsed.calendar;
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('prodid')).toBeTruthy();
    expect(calendar.getFirstPropertyValue('calscale')).toBe('GREGORIAN');
    expect(String(calendar.getFirstPropertyValue('refresh-interval'))).toBe('PT1H');
    expect(calendar.getFirstPropertyValue('x-published-ttl')).toBe('PT1H');
    expect(String(calendar.getFirstPropertyValue('x-wr-calname'))).toContain('Belegung');
    expect(calendar.getFirstPropertyValue('name')).toBe(
      calendar.getFirstPropertyValue('x-wr-calname'),
    );
  });

  it('says "Busy" in English when asked, and German otherwise', async () => {
    const room = await createBookableRoom(app, stage);
    await book(app, stage.requester, request(room.id, futureDay(4, 1), '19:00', '21:00'));
    const summary = async (language?: string) => {
      const reply = await getFeed(
        app,
        feedPath(room.id),
        language ? { 'accept-language': language } : {},
      );
      expect(reply.headers.get('vary')).toMatch(/accept-language/i);
      return parseFeed(reply.text).events[0].summary;
    };
    expect(await summary()).toBe('Belegt');
    expect(await summary('en')).toBe('Busy');
    expect(await summary('en-GB, de;q=0.5')).toBe('Busy');
    expect(await summary('fr')).toBe('Belegt');
  });

  it('keeps bookings that stopped holding the room for 30 days as CANCELLED, then drops them', async () => {
    const room = await createBookableRoom(app, stage);
    const day = (days: number) => futureDay(5, days);
    const cancelled = await book(app, stage.requester, request(room.id, day(0), '09:00', '10:00'));
    const declined = await book(app, stage.requester, request(room.id, day(1), '09:00', '10:00'));
    const agedOut = await book(app, stage.requester, request(room.id, day(2), '09:00', '10:00'));
    const stillKept = await book(app, stage.requester, request(room.id, day(3), '09:00', '10:00'));
    const holding = await book(app, stage.requester, request(room.id, day(4), '09:00', '10:00'));
    const afterCancel = await post(`/api/bookings/${cancelled.id}/cancel`, stage.requester.token);
    await post(`/api/bookings/${declined.id}/decline`, stage.owner.token);
    await post(`/api/bookings/${agedOut.id}/cancel`, stage.requester.token);
    await post(`/api/bookings/${stillKept.id}/cancel`, stage.requester.token);
    // Time passes: one cancellation is 31 days old, the other 29.
    await app.db.query(
      `UPDATE bookings SET updated_at = now() - interval '31 days' WHERE id = $1`,
      [agedOut.id],
    );
    await app.db.query(
      `UPDATE bookings SET updated_at = now() - interval '29 days' WHERE id = $1`,
      [stillKept.id],
    );

    const parsed = parseFeed((await getFeed(app, feedPath(room.id))).text);
    const gone = parsed.event(uidOf(app, cancelled.id));
    expect(gone).toMatchObject({ status: 'CANCELLED', transp: 'TRANSPARENT', summary: 'Belegt' });
    expect(gone.sequence).toBe(afterCancel.cancelled[0].sequence);
    expect(gone.sequence).toBeGreaterThan(cancelled.sequence);
    expect(parsed.event(uidOf(app, declined.id)).status).toBe('CANCELLED');
    expect(parsed.event(uidOf(app, stillKept.id)).status).toBe('CANCELLED');
    expect(parsed.has(uidOf(app, agedOut.id))).toBe(false);
    expect(parsed.event(uidOf(app, holding.id)).status).toBe('TENTATIVE');
  });

  it('reaches three months back and eighteen months ahead', async () => {
    const room = await createBookableRoom(app, stage);
    const ids: Record<string, string> = {};
    const shifts = {
      twoMonthsAgo: '-60 days',
      fourMonthsAgo: '-125 days',
      seventeenMonthsAhead: '510 days',
      nineteenMonthsAhead: '580 days',
    };
    let offset = 0;
    for (const [name, shift] of Object.entries(shifts)) {
      const booking = await book(
        app,
        stage.requester,
        request(room.id, futureDay(6, offset++), '09:00', '10:00'),
      );
      // Bookings cannot be made in the past or that far ahead; put them there as time would.
      await app.db.query(
        `UPDATE bookings SET starts_at = date_trunc('hour', now()) + $2::interval,
                ends_at = date_trunc('hour', now()) + $2::interval + interval '1 hour',
                updated_at = now() WHERE id = $1`,
        [booking.id, shift],
      );
      ids[name] = uidOf(app, booking.id);
    }
    const parsed = parseFeed((await getFeed(app, feedPath(room.id))).text);
    expect(parsed.has(ids.twoMonthsAgo)).toBe(true);
    expect(parsed.has(ids.fourMonthsAgo)).toBe(false);
    expect(parsed.has(ids.seventeenMonthsAhead)).toBe(true);
    expect(parsed.has(ids.nineteenMonthsAhead)).toBe(false);
  });

  it('keeps a weekly series at its local start time across the last Sunday of March', async () => {
    const room = await createBookableRoom(app, stage);
    // The next last Sunday of March with two Tuesdays before it still ahead of us.
    const lastSundayOfMarch = (year: number) => {
      const end = DateTime.fromObject({ year, month: 3, day: 31 }, { zone: ZONE });
      return end.minus({ days: end.weekday % 7 });
    };
    let sunday = lastSundayOfMarch(DateTime.now().year);
    if (sunday.minus({ days: 12 }) < DateTime.now().plus({ days: 2 })) {
      sunday = lastSundayOfMarch(sunday.year + 1);
    }
    const firstTuesday = sunday.minus({ days: 12 }).toISODate()!;
    const series = await book(
      app,
      stage.requester,
      request(room.id, firstTuesday, '19:00', '21:00', {
        title: 'Deutschkurs',
        recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=TU', count: 4 },
      }),
    );
    expect(series.created).toHaveLength(4);

    const parsed = parseFeed((await getFeed(app, feedPath(room.id))).text);
    const occurrences = series.created.map((booking: { id: string }) =>
      parsed.event(uidOf(app, booking.id)),
    );
    // One VEVENT with its own UID per occurrence, each at 19:00 in Berlin …
    expect(new Set(occurrences.map((event: { uid: string }) => event.uid)).size).toBe(4);
    expect(occurrences.map((event: { startInBerlin: string }) => event.startInBerlin)).toEqual(
      [0, 7, 14, 21].map(
        (days) => `${sunday.minus({ days: 12 }).plus({ days }).toISODate()}T19:00`,
      ),
    );
    // … which is 18:00 UTC before the change and 17:00 UTC after it.
    expect(occurrences.map((event: { start: Date }) => event.start.getUTCHours())).toEqual([
      18, 18, 17, 17,
    ]);
    expect(occurrences.map((event: { end: Date }) => event.end.getUTCHours())).toEqual([
      20, 20, 19, 19,
    ]);
  });

  it('writes CRLF line ends, folds at 75 octets without splitting characters, and escapes text', async () => {
    const roomName = 'Saal; Nord, Süd \\ Ost';
    const room = await createBookableRoom(app, stage, {}, undefined, { name: roomName });
    const title =
      'Café; Treffen, mit \\ Rückblick\nund Ausblick 🎉 ' +
      'Größenänderungsübung für Mütter, Väter und Großeltern aus Übersee – ' +
      'Begrüßung, Kaffee und Gebäck in der Bücherstube';
    expect(title.length).toBeLessThanOrEqual(200);
    const booking = await book(
      app,
      stage.requester,
      request(room.id, futureDay(7, 1), '19:00', '21:00', { title, isPublic: true }),
    );

    const reply = await getFeed(app, feedPath(room.id));
    const text = reply.text;
    // CRLF after every line, the last one included, and no bare CR or LF anywhere.
    expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    // At most 75 octets a line; folded lines go on with one space; UTF-8 stays whole.
    const lines = rawLines(text);
    let folded = 0;
    for (const line of lines) {
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
      if (line.startsWith(' ')) folded++;
    }
    expect(folded).toBeGreaterThanOrEqual(2);
    expect(text).not.toContain('\uFFFD');
    const bytes = Buffer.from(await (await fetch(app.url + feedPath(room.id))).arrayBuffer());
    for (const line of bytes.toString('latin1').split('\r\n'))
      expect(line.length).toBeLessThanOrEqual(75);
    expect(new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toBe(text);

    // Text values escaped as RFC 5545 says, the calendar's own name included.
    const unfolded = unfoldedLines(text);
    const escapedTitle = title.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\n/g, '\\n');
    expect(unfolded).toContain(`SUMMARY:${escapedTitle}`);
    const escapedName = unfolded.find((line) => line.startsWith('NAME:'))!;
    expect(escapedName).toContain('Saal\\; Nord\\, Süd \\\\ Ost');
    expect(unfolded).toContain(escapedName.replace(/^NAME:/, 'X-WR-CALNAME:'));
    // And read back as they were written.
    expect(parseFeed(text).event(uidOf(app, booking.id)).summary).toBe(title);
  });

  it('shows what the database holds: any title, every instant to the second, public and private', async () => {
    // The bookings reach the feed as one text the database makes (`CalendarBookingText`),
    // whose title runs to a U+001E: a title holding one, commas and what looks like the
    // text's own fields must come out as a title, and instants with microseconds rounded down.
    const room = await createBookableRoom(app, stage, {}, undefined, { name: 'Saal, Süd' });
    const shown = await book(
      app,
      stage.requester,
      request(room.id, futureDay(8, 1), '19:00', '21:00', { title: 'x', isPublic: true }),
    );
    const hidden = await book(
      app,
      stage.requester,
      request(room.id, futureDay(8, 2), '19:00', '21:00', { title: 'y' }),
    );
    const title = 'P-,1,2\u001e;Ä\u0001🎉,,,-x';
    await app.db.query(
      `UPDATE bookings SET title = $2, created_at = '1969-12-31T23:59:59.5Z',
              updated_at = date_trunc('second', now()) - interval '0.000001 second'
        WHERE id = ANY($1::uuid[])`,
      [[shown.id, hidden.id], title],
    );
    const [stored] = await app.db.query<{ stamp: string; start: string }[]>(
      `SELECT to_char(updated_at AT TIME ZONE 'UTC', 'YYYYMMDD"T"HH24MISS"Z"') AS stamp,
              to_char(starts_at AT TIME ZONE 'UTC', 'YYYYMMDD"T"HH24MISS"Z"') AS start
         FROM bookings WHERE id = $1`,
      [shown.id],
    );
    const escaped = 'P-\\,1\\,2\\;Ä🎉\\,\\,\\,-x';
    const eventOf = (text: string, id: string) => {
      const lines = unfoldedLines(text);
      const begin = lines.indexOf(`UID:${uidOf(app, id)}`);
      return lines.slice(begin, lines.indexOf('END:VEVENT', begin));
    };

    const publicFeed = (await getFeed(app, feedPath(room.id))).text;
    expect(eventOf(publicFeed, shown.id)).toEqual([
      `UID:${uidOf(app, shown.id)}`,
      'SEQUENCE:0',
      `DTSTAMP:${stored.stamp}`,
      `DTSTART:${stored.start}`,
      expect.stringMatching(/^DTEND:\d{8}T\d{6}Z$/),
      `SUMMARY:${escaped}`,
      'TRANSP:OPAQUE',
      expect.stringMatching(/^STATUS:/),
      'CREATED:19691231T235959Z',
      `LAST-MODIFIED:${stored.stamp}`,
    ]);
    expect(eventOf(publicFeed, hidden.id)).toContain('SUMMARY:Belegt');

    const link = await createFeedLink(
      app,
      stage.requester,
      'organization',
      stage.requesterOrganizationId,
    );
    const privateFeed = (await getFeed(app, link.path)).text;
    for (const id of [shown.id, hidden.id]) {
      const event = eventOf(privateFeed, id);
      expect(event).toContain(`SUMMARY:${escaped}`);
      expect(event).toContain(`DTSTAMP:${stored.stamp}`);
      expect(event.find((line) => line.startsWith('LOCATION:'))).toMatch(/^LOCATION:Saal\\, Süd/);
      expect(event.find((line) => line.startsWith('DESCRIPTION:'))).toBeTruthy();
    }
    expect(parseFeed(privateFeed).event(uidOf(app, shown.id)).summary).toBe('P-,1,2;Ä🎉,,,-x');
  });

  it('answers 304 while unchanged, the same bytes on 200, and a new ETag after a change', async () => {
    const room = await createBookableRoom(app, stage);
    const kept = await book(
      app,
      stage.requester,
      request(room.id, futureDay(8, 1), '19:00', '21:00'),
    );
    const path = feedPath(room.id);
    const first = await getFeed(app, path);
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/); // strong: no W/
    expect(new Date(lastModified).toUTCString()).toBe(lastModified);
    expect(first.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);

    const again = await getFeed(app, path);
    expect(again.text).toBe(first.text);
    expect(again.headers.get('etag')).toBe(etag);

    const notModified = async (headers: Record<string, string>) => {
      const reply = await getFeed(app, path, headers);
      if (reply.status === 304) {
        expect(reply.text).toBe('');
        expect(reply.headers.get('etag')).toBe(etag);
      }
      return reply.status;
    };
    expect(await notModified({ 'if-none-match': etag })).toBe(304);
    expect(await notModified({ 'if-none-match': `W/${etag}` })).toBe(304);
    expect(await notModified({ 'if-none-match': `"something-else", ${etag}` })).toBe(304);
    expect(await notModified({ 'if-none-match': '"something-else"' })).toBe(200);
    expect(await notModified({ 'if-modified-since': lastModified })).toBe(304);
    const hourEarlier = new Date(Date.parse(lastModified) - 3_600_000).toUTCString();
    expect(await notModified({ 'if-modified-since': hourEarlier })).toBe(200);
    expect(await notModified({ 'if-modified-since': 'not a date' })).toBe(200);
    // If-None-Match decides when both are sent.
    expect(
      await notModified({ 'if-none-match': '"something-else"', 'if-modified-since': lastModified }),
    ).toBe(200);

    // A change: the old validators no longer match, and the feed says what changed.
    await post(`/api/bookings/${kept.id}/cancel`, stage.requester.token);
    const changed = await getFeed(app, path, { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(parseFeed(changed.text).event(uidOf(app, kept.id)).status).toBe('CANCELLED');

    // Another process (here: a restart) renders the very same bytes under the same ETag.
    const latest = changed.headers.get('etag')!;
    await app.close();
    app = await startTestApp({ JOB_INTERVAL_SECONDS: '0' }, database);
    expect((await getFeed(app, path, { 'if-none-match': latest })).status).toBe(304);
    const fresh = await getFeed(app, path);
    expect(fresh.headers.get('etag')).toBe(latest);
    expect(fresh.text).toBe(changed.text);
  });

  it('answers text/calendar whatever Accept says', async () => {
    const room = await createBookableRoom(app, stage);
    for (const accept of [
      'application/json',
      'text/html',
      'application/xml;q=1, */*;q=0',
      'text/calendar',
      '*/*',
    ]) {
      const reply = await getFeed(app, feedPath(room.id), { accept });
      expect({ accept, status: reply.status, type: reply.headers.get('content-type') }).toEqual({
        accept,
        status: 200,
        type: 'text/calendar; charset=utf-8',
      });
    }
  });

  it('refuses a malformed room id with 400, and an unknown or inactive room with 404', async () => {
    const malformed = await app.get('/api/calendar/rooms/not-a-uuid.ics');
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(malformed.body.errors).toEqual([{ field: 'roomId', message: expect.any(String) }]);

    const unknown = await app.get(
      `/api/calendar/rooms/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}.ics`,
    );
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);

    const room = await createBookableRoom(app, stage);
    const deactivated = await app.patch(
      `/api/rooms/${room.id}`,
      { active: false },
      { token: stage.owner.token },
    );
    expect(deactivated.status).toBe(200);
    expect((await app.get(feedPath(room.id))).status).toBe(404);
  });
});

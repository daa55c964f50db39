import { DateTime } from 'luxon';
import { BookingExpiryService } from '../../src/bookings/booking-expiry.service';
import { BookingRemindersService } from '../../src/bookings/booking-reminders.service';
import { bookingUid } from '../../src/calendar/ical/booking-event';
import { Database } from '../../src/database/database';
import { NotificationsService } from '../../src/notifications/notifications.service';
import { OutboxWorker } from '../../src/notifications/outbox-worker.service';
import {
  ALWAYS_OPEN,
  berlin,
  book,
  bookingInput,
  BookingStage,
  createBookableRoom,
  createStage,
  futureDay,
  ZONE,
  requestSlot,
} from '../support/booking-factories';
import { addMember, registerUser, TestUser } from '../support/factories';
import { ReceivedMail, SmtpSink } from '../support/smtp-sink';
import { expectUnchanged, startTestApp, TestApp } from '../support/test-app';

// ical.js ships ESM with a CommonJS build; jest runs CommonJS.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ICAL = require('ical.js') as typeof import('ical.js', {
  with: { 'resolution-mode': 'import' },
}).default;

const PUBLIC_URL = 'https://raum.example.org';
const MAIL_FROM = 'Raum für Engagement <raum@example.org>';

/** The attached invitation, parsed as a calendar program would read it. */
function invitation(mail: ReceivedMail) {
  expect(mail.calendar).toBeDefined();
  const calendar = new ICAL.Component(ICAL.parse(mail.calendar!.content));
  const method = calendar.getFirstPropertyValue('method');
  // nodemailer's icalEvent.method is the part's `method=` parameter: they must agree.
  expect(method).toBe(mail.calendar!.method);
  const events = calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    const organizers = vevent.getAllProperties('organizer');
    const attendees = vevent.getAllProperties('attendee');
    return {
      uid: event.uid,
      sequence: event.sequence,
      status: vevent.getFirstPropertyValue('status'),
      startsAt: event.startDate.toJSDate().toISOString(),
      endsAt: event.endDate.toJSDate().toISOString(),
      zone: event.startDate.zone?.tzid,
      organizers: organizers.map((p) => ({
        address: String(p.getFirstValue()).toLowerCase(),
        name: p.getParameter('cn'),
      })),
      attendees: attendees.map((p) => String(p.getFirstValue()).toLowerCase()),
    };
  });
  return { method, events };
}

const iso = (local: string) => new Date(berlin(local)).toISOString();

describe('booking mails', () => {
  let app: TestApp;
  let sink: SmtpSink;
  let stage: BookingStage;
  let worker: OutboxWorker;

  /** Delivers everything due and hands over what the mail server received. */
  const flush = async (): Promise<ReceivedMail[]> => {
    await worker.deliverDue();
    return sink.take();
  };
  const to = (mails: ReceivedMail[], user: TestUser) =>
    mails.filter((mail) => mail.envelopeTo.includes(user.email));
  const only = (mails: ReceivedMail[], user: TestUser) => {
    const theirs = to(mails, user);
    expect(theirs).toHaveLength(1);
    return theirs[0];
  };
  const setLocale = (user: TestUser, locale: string) =>
    app.patch('/api/me', { locale }, { token: user.token });

  beforeAll(async () => {
    sink = await SmtpSink.start();
    app = await startTestApp({
      SMTP_URL: sink.url,
      MAIL_FROM,
      PUBLIC_URL,
      MAIL_INTERVAL_SECONDS: '0',
      JOB_INTERVAL_SECONDS: '0',
    });
    worker = app.running.app.get(OutboxWorker);
    stage = await createStage(app);
    // The room's owners: the owner reads German, the member English; the requester English.
    await setLocale(stage.member, 'en');
    await setLocale(stage.requester, 'en');
  });
  afterAll(async () => {
    await app.close();
    await sink.close();
  });
  beforeEach(async () => {
    await flush();
  });

  it('tells every member of the room’s organisation of a request, each in their language', async () => {
    const room = await createBookableRoom(app, stage);
    const day = futureDay(5, 1);
    await requestSlot(app, stage, room.id, day, '19:00', '21:00', { title: 'Tee & <Gebäck>' });
    const mails = await flush();
    expect(mails).toHaveLength(2);
    expect(to(mails, stage.requester)).toHaveLength(0);

    const date = DateTime.fromISO(day, { zone: ZONE });
    const german = only(mails, stage.owner);
    expect(german.subject).toBe(
      `Neue Anfrage: Tee & <Gebäck> am ${date.setLocale('de').toFormat('d. LLLL yyyy')}`,
    );
    expect(german.text).toContain(
      `${date.setLocale('de').toFormat('cccc, d. LLLL yyyy')}, 19:00–21:00 Uhr`,
    );
    expect(german.text).toContain('Europe/Berlin');
    expect(german.text).toContain('Bitte sagen Sie zu oder ab.');
    // User text in the HTML part is text, never markup.
    expect(german.html).toContain('Tee &amp; &lt;Gebäck&gt;');
    expect(german.html).not.toContain('<Gebäck>');
    expect(german.calendar).toBeUndefined();
    expect(german.raw).toMatch(/^Auto-Submitted: auto-generated/m);

    const english = only(mails, stage.member);
    expect(english.subject).toBe(
      `New request: Tee & <Gebäck> on ${date.setLocale('en').toFormat('d LLLL yyyy')}`,
    );
    expect(english.text).toContain(
      `${date.setLocale('en').toFormat('cccc, d LLLL yyyy')}, 19:00–21:00`,
    );
    expect(english.text).toContain('Time zone:');
  });

  it('sends the decision to the requester with an invitation that calendars file under the feed’s UID', async () => {
    const room = await createBookableRoom(app, stage);
    const day = futureDay(5, 2);
    const booking = await requestSlot(app, stage, room.id, day, '10:00', '12:00');
    await flush();
    const approved = await app.post(
      `/api/bookings/${booking.id}/approve`,
      {},
      { token: stage.owner.token },
    );
    expect(approved.body.sequence).toBe(1);

    const mails = await flush();
    expect(mails).toHaveLength(1);
    const mail = only(mails, stage.requester);
    expect(mail.subject).toMatch(/^Booking confirmed: Elterncafé on /);
    expect(mail.text).toContain('Changed by:');
    expect(mail.text).toContain(`${PUBLIC_URL}/bookings/${booking.id}/view`);
    const { method, events } = invitation(mail);
    expect(method).toBe('REQUEST');
    expect(events).toEqual([
      {
        uid: bookingUid(booking.id, PUBLIC_URL),
        sequence: 1,
        status: 'CONFIRMED',
        startsAt: iso(`${day}T10:00`),
        endsAt: iso(`${day}T12:00`),
        zone: 'UTC',
        organizers: [{ address: 'mailto:raum@example.org', name: 'Raum für Engagement' }],
        attendees: [`mailto:${stage.requester.email}`],
      },
    ]);
    // The room's feed shows the same event under the same UID and SEQUENCE.
    const feed = await app.get(`/api/calendar/rooms/${room.id}.ics`);
    expect(feed.status).toBe(200);
    const inFeed = new ICAL.Component(ICAL.parse(feed.text))
      .getAllSubcomponents('vevent')
      .map((vevent) => new ICAL.Event(vevent))
      .filter((event) => event.uid === events[0].uid);
    expect(inFeed.map((event) => event.sequence)).toEqual([1]);
    // Also as a file, for mail programs that do not read the calendar part.
    expect(mail.raw).toMatch(/filename=invite\.ics/);
  });

  it('tells both sides of a move, and updates the requester’s calendar with a higher SEQUENCE', async () => {
    const room = await createBookableRoom(app, stage);
    const day = futureDay(6, 1);
    const booking = await requestSlot(app, stage, room.id, day, '10:00', '12:00');
    await app.post(`/api/bookings/${booking.id}/approve`, {}, { token: stage.owner.token });
    await flush();

    const moved = await app.patch(
      `/api/bookings/${booking.id}`,
      { startsAt: berlin(`${day}T14:00`), endsAt: berlin(`${day}T16:30`) },
      { token: stage.requester.token },
    );
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ status: 'pending', sequence: 2 });

    const mails = await flush();
    expect(mails).toHaveLength(3);
    const requester = only(mails, stage.requester);
    expect(requester.subject).toMatch(/^New time: Elterncafé on /);
    expect(requester.text).toContain('still have to confirm the new time');
    const { method, events } = invitation(requester);
    expect(method).toBe('REQUEST');
    expect(events[0]).toMatchObject({
      uid: bookingUid(booking.id, PUBLIC_URL),
      sequence: 2,
      status: 'TENTATIVE',
      startsAt: iso(`${day}T14:00`),
      endsAt: iso(`${day}T16:30`),
    });

    const owner = only(mails, stage.owner);
    expect(owner.subject).toMatch(/^Neue Zeit: Elterncafé am /);
    expect(owner.text).toMatch(/Neue Zeit: +.*14:00–16:30 Uhr/);
    expect(owner.text).toMatch(/Bisher: +.*10:00–12:00 Uhr/);
    expect(owner.text).toContain('Bitte sagen Sie für die neue Zeit zu oder ab.');
    expect(owner.calendar).toBeUndefined();
    expect(only(mails, stage.member).subject).toMatch(/^New time:/);

    // A new title alone is not worth a mail.
    await app.patch(
      `/api/bookings/${booking.id}`,
      { title: 'Elterntreff' },
      { token: stage.requester.token },
    );
    expect(await flush()).toHaveLength(0);
  });

  it('tells both sides of a cancellation; the requester’s calendar gets a CANCEL', async () => {
    const room = await createBookableRoom(app, stage);
    const day = futureDay(6, 2);
    const booking = await requestSlot(app, stage, room.id, day, '10:00', '12:00');
    await app.post(`/api/bookings/${booking.id}/approve`, {}, { token: stage.owner.token });
    await flush();

    await app.post(
      `/api/bookings/${booking.id}/cancel`,
      { reason: 'Wasserschaden im "Saal"' },
      { token: stage.owner.token },
    );
    const mails = await flush();
    expect(mails).toHaveLength(3);
    const requester = only(mails, stage.requester);
    expect(requester.subject).toMatch(/^Booking cancelled: Elterncafé on /);
    expect(requester.text).toContain('Wasserschaden im "Saal"');
    expect(requester.html).toContain('Wasserschaden im &quot;Saal&quot;');
    const { method, events } = invitation(requester);
    expect(method).toBe('CANCEL');
    expect(events[0]).toMatchObject({
      uid: bookingUid(booking.id, PUBLIC_URL),
      sequence: 2,
      status: 'CANCELLED',
    });
    expect(only(mails, stage.owner).subject).toMatch(/^Buchung abgesagt: /);
    expect(only(mails, stage.member).calendar).toBeUndefined();
  });

  it('tells the requester of a declined request, with the reason', async () => {
    const room = await createBookableRoom(app, stage);
    const day = futureDay(6, 3);
    const booking = await requestSlot(app, stage, room.id, day, '10:00', '12:00');
    await flush();
    await app.post(
      `/api/bookings/${booking.id}/decline`,
      { reason: 'Der Raum ist zu klein <für> euch.' },
      { token: stage.owner.token },
    );
    const mails = await flush();
    expect(mails).toHaveLength(1);
    const mail = only(mails, stage.requester);
    expect(mail.subject).toMatch(/^Request declined: Elterncafé on /);
    expect(mail.text).toMatch(/Reason: +Der Raum ist zu klein <für> euch\./);
    expect(mail.html).toContain('Der Raum ist zu klein &lt;für&gt; euch.');
    expect(mail.text).toContain('another time or another room');
    expect(invitation(mail).method).toBe('CANCEL');
  });

  it('writes one mail per recipient for a series, keeping local times across the change to summer time', async () => {
    const room = await createBookableRoom(app, stage, { approval: 'automatic' }, ALWAYS_OPEN);
    // The Tuesday twelve days before the next last Sunday of March: two dates before, two after.
    let year = DateTime.now().setZone(ZONE).year;
    let lastSunday: DateTime;
    for (;;) {
      lastSunday = DateTime.fromObject({ year, month: 3, day: 31 }, { zone: ZONE });
      lastSunday = lastSunday.minus({ days: lastSunday.weekday % 7 });
      if (lastSunday > DateTime.now().plus({ weeks: 3 })) break;
      year += 1;
    }
    const first = lastSunday.minus({ days: 12 }).toISODate()!;
    const series = await requestSlot(app, stage, room.id, first, '19:00', '21:00', {
      recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=TU', count: 4 },
    });
    expect(series.created).toHaveLength(4);

    const mails = await flush();
    // One each: the requester is told it is confirmed, the room's owners of a new booking.
    expect(mails).toHaveLength(3);
    const requester = only(mails, stage.requester);
    expect(requester.subject).toMatch(/^Booking confirmed: Elterncafé, 4 dates from /);
    expect(requester.text.match(/19:00–21:00/g)).toHaveLength(4);
    const { method, events } = invitation(requester);
    expect(method).toBe('REQUEST');
    expect(events.map((e) => e.uid)).toEqual(
      series.created.map((b: { id: string }) => bookingUid(b.id, PUBLIC_URL)),
    );
    const hoursUtc = events.map((e) => new Date(e.startsAt).getUTCHours());
    expect(hoursUtc).toEqual([18, 18, 17, 17]);
    for (const event of events) {
      expect(event).toMatchObject({ sequence: 0, status: 'CONFIRMED' });
      expect(event.organizers).toHaveLength(1);
      expect(event.attendees).toEqual([`mailto:${stage.requester.email}`]);
    }
    const owner = only(mails, stage.owner);
    expect(owner.subject).toMatch(/^Neue Buchung: Elterncafé, 4 Termine ab /);
    expect(owner.text).toContain('automatisch bestätigt');
    expect(owner.text.match(/19:00–21:00 Uhr/g)).toHaveLength(4);

    // Cancelling the rest of the series is again one mail per person, with all dates.
    const cancelled = await app.post(
      `/api/booking-series/${series.seriesId}/cancel`,
      {},
      { token: stage.requester.token },
    );
    expect(cancelled.body.cancelled).toHaveLength(4);
    const after = await flush();
    expect(after).toHaveLength(3);
    const cancel = invitation(only(after, stage.requester));
    expect(cancel.method).toBe('CANCEL');
    expect(cancel.events.map((e) => e.sequence)).toEqual([1, 1, 1, 1]);
    expect(only(after, stage.member).subject).toMatch(/^Booking cancelled: Elterncafé, 4 dates/);
  });

  it('tells the requester once per request or series when requests expire', async () => {
    const room = await createBookableRoom(app, stage);
    const day = futureDay(8, 1);
    await requestSlot(app, stage, room.id, day, '09:00', '10:00');
    await requestSlot(app, stage, room.id, day, '11:00', '12:00', {
      recurrence: { rrule: 'FREQ=WEEKLY', count: 3 },
    });
    await flush();
    await app.db.query(
      `UPDATE bookings SET expires_at = now() - interval '1 minute' WHERE room_id = $1`,
      [room.id],
    );
    expect(await app.running.app.get(BookingExpiryService).expireDue()).toBe(4);

    const mails = await flush();
    expect(mails).toHaveLength(2);
    const subjects = to(mails, stage.requester)
      .map((mail) => mail.subject)
      .sort();
    expect(subjects[0]).toMatch(/^Request expired: Elterncafé on /);
    expect(subjects[1]).toMatch(/^Request expired: Elterncafé, 3 dates from /);
    for (const mail of mails) expect(invitation(mail).method).toBe('CANCEL');
  });

  it('writes to the requesting organisation’s owners when the requester has left it', async () => {
    const helper = await registerUser(app, { name: 'Helfer', locale: 'de' });
    await addMember(app, stage.requesterOrganizationId, stage.requester, helper);
    const room = await createBookableRoom(app, stage);
    const day = futureDay(7, 1);
    const booking = await book(
      app,
      helper,
      bookingInput(
        room.id,
        stage.requesterOrganizationId,
        berlin(`${day}T10:00`),
        berlin(`${day}T12:00`),
      ),
    );
    await app.delete(`/api/organizations/${stage.requesterOrganizationId}/members/${helper.id}`, {
      token: helper.token,
    });
    await flush();
    await app.post(`/api/bookings/${booking.id}/approve`, {}, { token: stage.owner.token });
    const mails = await flush();
    expect(mails.map((mail) => mail.envelopeTo)).toEqual([[stage.requester.email]]);
  });

  it('reminds the requester the day before, once however many runs race for it', async () => {
    const room = await createBookableRoom(app, stage, { approval: 'automatic' }, ALWAYS_OPEN);
    // Within the next day, and ending on the day it starts (a booking over midnight names
    // both dates, which the time check below does not expect).
    const soon = DateTime.now().setZone(ZONE).plus({ hours: 20 }).startOf('hour');
    const start = soon.hour > 21 ? soon.set({ hour: 21 }) : soon;
    const booking = await book(
      app,
      stage.requester,
      bookingInput(
        room.id,
        stage.requesterOrganizationId,
        start.toISO()!,
        start.plus({ hours: 2 }).toISO()!,
      ),
    );
    await flush();
    const reminders = app.running.app.get(BookingRemindersService);
    // Approved the moment it was made: the confirmation is reminder enough.
    expect(await reminders.remindDue()).toBe(0);

    await app.db.query(`UPDATE bookings SET decided_at = now() - interval '3 days' WHERE id = $1`, [
      booking.id,
    ]);
    const runs = await Promise.all([
      reminders.remindDue(),
      reminders.remindDue(),
      reminders.remindDue(),
    ]);
    expect(runs.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await reminders.remindDue()).toBe(0);

    const mails = await flush();
    expect(mails).toHaveLength(1);
    const mail = only(mails, stage.requester);
    expect(mail.subject).toMatch(/^Reminder: Elterncafé on /);
    expect(mail.text).toContain(
      `${start.toFormat('HH:mm')}–${start.plus({ hours: 2 }).toFormat('HH:mm')}`,
    );
    expect(mail.calendar).toBeUndefined();
  });

  it('reminds of bookings in several rooms at once, each mail naming its own room', async () => {
    const names = ['Saal Nord', 'Küche Süd', 'Werkstatt Ost'];
    const rooms = await Promise.all(
      names.map((name) =>
        createBookableRoom(app, stage, { approval: 'automatic' }, ALWAYS_OPEN, { name }),
      ),
    );
    // As above: within the next day, ending on the day it starts.
    const next = DateTime.now().setZone(ZONE).plus({ hours: 20 }).startOf('hour');
    const soon = next.hour > 21 ? next.set({ hour: 21 }) : next;
    const booked = [];
    for (const room of rooms) {
      booked.push(
        await requestSlot(
          app,
          stage,
          room.id,
          soon.toISODate()!,
          soon.toFormat('HH:mm'),
          soon.plus({ hours: 1 }).toFormat('HH:mm'),
          { title: `Treffen ${room.id.slice(0, 8)}` },
        ),
      );
    }
    await flush();
    await app.db.query(
      `UPDATE bookings SET decided_at = now() - interval '3 days' WHERE id = ANY($1::uuid[])`,
      [booked.map((booking) => booking.id)],
    );
    expect(await app.running.app.get(BookingRemindersService).remindDue()).toBe(3);
    const mails = await flush();
    expect(mails).toHaveLength(3);
    // Each reminder's room is its booking's, read for all three together.
    for (const [i, room] of rooms.entries()) {
      const mail = mails.find((one) => one.subject.includes(`Treffen ${room.id.slice(0, 8)}`));
      expect(mail?.text).toContain(names[i]);
      for (const other of names.filter((_, k) => k !== i)) expect(mail?.text).not.toContain(other);
    }
  });

  it('warns the owners once before an unanswered request expires', async () => {
    const room = await createBookableRoom(app, stage);
    const day = futureDay(7, 2);
    const booking = await requestSlot(app, stage, room.id, day, '10:00', '12:00');
    await flush();
    const reminders = app.running.app.get(BookingRemindersService);
    expect(await reminders.warnBeforeExpiry()).toBe(0);

    await app.db.query(
      `UPDATE bookings SET expires_at = now() + interval '20 hours',
                           updated_at = now() - interval '3 days' WHERE id = $1`,
      [booking.id],
    );
    const runs = await Promise.all([
      reminders.warnBeforeExpiry(),
      reminders.warnBeforeExpiry(),
      reminders.warnBeforeExpiry(),
    ]);
    expect(runs.reduce((a, b) => a + b, 0)).toBe(2);
    expect(await reminders.warnBeforeExpiry()).toBe(0);

    const mails = await flush();
    expect(mails).toHaveLength(2);
    expect(only(mails, stage.owner).subject).toMatch(
      /^Bitte antworten: Anfrage für Elterncafé am /,
    );
    expect(only(mails, stage.member).text).toContain('the request expires on');
  });

  it('writes no mail for a request the rules refuse', async () => {
    const room = await createBookableRoom(app, stage);
    const day = futureDay(9, 1);
    const input = bookingInput(
      room.id,
      stage.requesterOrganizationId,
      berlin(`${day}T10:00`),
      berlin(`${day}T12:00`),
    );
    await book(app, stage.requester, input);
    const outbox = await app.db.query(`SELECT count(*)::int AS n FROM outbox`);
    expect(outbox[0].n).toBeGreaterThan(0);

    const refused = await expectUnchanged(app.db, () =>
      app.post('/api/bookings', input, { token: stage.requester.token }),
    );
    expect(refused.status).toBe(409);
    const series = await expectUnchanged(app.db, () =>
      app.post(
        '/api/bookings',
        { ...input, recurrence: { rrule: 'FREQ=DAILY', count: 3 } },
        { token: stage.requester.token },
      ),
    );
    expect(series.status).toBe(409);
  });

  it('loses the mails of a change that rolls back: the outbox is part of the transaction', async () => {
    const room = await createBookableRoom(app, stage);
    const booking = await requestSlot(app, stage, room.id, futureDay(9, 2), '10:00', '12:00');
    await flush();
    const db = app.running.app.get(Database);
    const notifications = app.running.app.get(NotificationsService);
    const facts = {
      ...booking,
      requestedBy: stage.requester.id,
      startsAt: new Date(booking.startsAt),
      endsAt: new Date(booking.endsAt),
      expiresAt: null,
    };
    const queued = () => app.db.query(`SELECT count(*)::int AS n FROM outbox`);
    const before = (await queued())[0].n;
    // Inside the transaction the mails are written (the call returns how many) …
    await expect(
      db.transaction(async () => {
        expect(await notifications.bookingChanged({ kind: 'approved', bookings: [facts] })).toBe(1);
        throw new Error('the change fails after its mail was queued');
      }),
    ).rejects.toThrow('the change fails');
    // … and gone with it.
    expect((await queued())[0].n).toBe(before);
    expect(await flush()).toEqual([]);
    // The same call committed does leave its mail.
    await db.transaction(() =>
      notifications.bookingChanged({ kind: 'approved', bookings: [facts] }),
    );
    expect((await queued())[0].n).toBe(before + 1);
  });
});

import { DateTime } from 'luxon';
import { OutboxWorker } from '../../src/notifications/outbox-worker.service';
import {
  berlin,
  BookingStage,
  createBookableRoom,
  createStage,
  futureDay,
  requestSlot,
} from '../support/booking-factories';
import { getFeed, ICAL, parseFeed } from '../support/calendar-feeds';
import { addMember, registerUser } from '../support/factories';
import {
  createForumRoom,
  createSession,
  registrationInput,
  sessionInput,
  tokenOf,
} from '../support/forum-factories';
import { ReceivedMail, SmtpSink } from '../support/smtp-sink';
import { expectUnchanged, startTestApp, TestApp } from '../support/test-app';

const PUBLIC_URL = 'https://raum.example.org';

/** The attached event of a mail, as a calendar program reads it. */
function eventOf(mail: ReceivedMail) {
  expect(mail.calendar).toBeDefined();
  const calendar = new ICAL.Component(ICAL.parse(mail.calendar!.content));
  const vevent = calendar.getFirstSubcomponent('vevent')!;
  const event = new ICAL.Event(vevent);
  return {
    method: calendar.getFirstPropertyValue('method'),
    uid: event.uid,
    sequence: event.sequence,
    status: vevent.getFirstPropertyValue('status'),
    startsAt: event.startDate.toJSDate().toISOString(),
  };
}

describe('forum: topics, sessions and registrations', () => {
  let app: TestApp;
  let sink: SmtpSink;
  let stage: BookingStage;
  let worker: OutboxWorker;
  let room: { id: string };
  const admin = () => ({ token: stage.admin.token });

  /** Delivers what is due and returns the mails to registrants (guests), not to room owners. */
  const mailsToGuests = async (): Promise<ReceivedMail[]> => {
    await worker.deliverDue();
    return sink.take().filter((mail) => mail.envelopeTo.some((to) => to.startsWith('gast-')));
  };

  beforeAll(async () => {
    sink = await SmtpSink.start();
    app = await startTestApp({ SMTP_URL: sink.url, PUBLIC_URL, JOB_INTERVAL_SECONDS: '0' });
    worker = app.running.app.get(OutboxWorker);
    stage = await createStage(app);
    room = await createForumRoom(app, stage, 30);
  }, 120_000);
  afterAll(async () => {
    await app.close();
    await sink.close();
  });

  describe('topics', () => {
    it('lists the agency’s topics in the caller’s language', async () => {
      const de = await app.get('/api/topics');
      expect(de.status).toBe(200);
      expect(de.body.items).toContainEqual({ key: 'funding', label: 'Förderung und Finanzierung' });
      const en = await app.get('/api/topics', { headers: { 'accept-language': 'en' } });
      expect(en.body.items).toContainEqual({ key: 'funding', label: 'Funding and finance' });
      expect(en.body.total).toBe(en.body.items.length);
    });
  });

  describe('sessions', () => {
    it('books the room in the agency’s name; tentative until the owners approve', async () => {
      const manual = await createBookableRoom(app, stage, {}, undefined, { capacity: 25 });
      const session = await createSession(app, stage, sessionInput(manual.id, futureDay(3, 1)));
      expect(session).toMatchObject({
        kind: 'training',
        topic: 'funding',
        status: 'published',
        capacity: 20,
        placesTaken: 0,
        waitlistLength: 0,
        tentative: true,
        bookingStatus: 'pending',
        timeZone: 'Europe/Berlin',
      });
      const booking = await app.get(`/api/bookings/${session.bookingId}`, admin());
      expect(booking.body).toMatchObject({ status: 'pending', roomId: manual.id });
      const agency = await app.get(`/api/organizations/${booking.body.organizationId}`, admin());
      expect(agency.body.name).toBe('Freiwilligenagentur');

      const approved = await app.post(
        `/api/bookings/${session.bookingId}/approve`,
        {},
        { token: stage.owner.token },
      );
      expect(approved.status).toBe(200);
      const now = await app.get(`/api/forum/sessions/${session.id}`);
      expect(now.body).toMatchObject({ tentative: false, bookingStatus: 'approved' });
    });

    it('refuses what the room cannot hold or the rules forbid, and changes nothing', async () => {
      const day = futureDay(3, 3);
      await expectUnchanged(app.db, async () => {
        const big = await app.post(
          '/api/forum/sessions',
          sessionInput(room.id, day, '18:00', '20:00', { capacity: 31 }),
          admin(),
        );
        expect(big.status).toBe(422);
        expect(big.headers.get('content-type')).toContain('application/problem+json');
        expect(big.body.type).toMatch(/capacity-above-room$/);
        expect(big.body.detail).toContain('30');

        const topic = await app.post(
          '/api/forum/sessions',
          sessionInput(room.id, day, '18:00', '20:00', { topic: 'astrology' }),
          admin(),
        );
        expect(topic.status).toBe(422);
        expect(topic.body.type).toMatch(/unknown-topic$/);

        const reversed = await app.post(
          '/api/forum/sessions',
          sessionInput(room.id, day, '20:00', '18:00'),
          admin(),
        );
        expect(reversed.status).toBe(400);

        const member = await app.post('/api/forum/sessions', sessionInput(room.id, day), {
          token: stage.member.token,
        });
        expect(member.status).toBe(403);
      });

      await requestSlot(app, stage, room.id, day, '17:00', '19:00');
      await expectUnchanged(app.db, async () => {
        const taken = await app.post('/api/forum/sessions', sessionInput(room.id, day), admin());
        expect(taken.status).toBe(409);
        expect(taken.body.type).toMatch(/slot-taken$/);
      });
    });

    it('lists with filters; drafts only for staff', async () => {
      const day = futureDay(5, 2);
      const tr = await createSession(
        app,
        stage,
        sessionInput(room.id, day, '10:00', '12:00', {
          kind: 'public_event',
          topic: 'culture',
          languages: ['tr'],
        }),
      );
      const draft = await createSession(
        app,
        stage,
        sessionInput(room.id, day, '14:00', '16:00', { status: 'draft', languages: ['ar'] }),
      );
      const window = `from=${encodeURIComponent(berlin(`${day}T00:00`))}&to=${encodeURIComponent(berlin(`${day}T23:59`))}`;
      const anyone = await app.get(`/api/forum/sessions?${window}`);
      expect(anyone.body.items.map((s: { id: string }) => s.id)).toEqual([tr.id]);
      const staff = await app.get(`/api/forum/sessions?${window}`, admin());
      expect(staff.body.total).toBe(2);
      const byLanguage = await app.get(`/api/forum/sessions?${window}&language=ar`, admin());
      expect(byLanguage.body.items.map((s: { id: string }) => s.id)).toEqual([draft.id]);
      const byKind = await app.get(`/api/forum/sessions?${window}&kind=public_event&topic=culture`);
      expect(byKind.body.items.map((s: { id: string }) => s.id)).toEqual([tr.id]);
      expect((await app.get(`/api/forum/sessions/${draft.id}`)).status).toBe(404);
      const badKind = await app.get('/api/forum/sessions?kind=party');
      expect(badKind.status).toBe(400);
    });

    it('moves the booking with the session and tells the registrants with the new event', async () => {
      const day = futureDay(4, 1);
      const session = await createSession(app, stage, sessionInput(room.id, day));
      const reply = await app.post(
        `/api/forum/sessions/${session.id}/registrations`,
        registrationInput('move-1', { locale: 'en' }),
      );
      expect(reply.body.status).toBe('confirmed');
      await mailsToGuests();

      const moved = await app.patch(
        `/api/forum/sessions/${session.id}`,
        { startsAt: berlin(`${day}T19:00`), endsAt: berlin(`${day}T21:00`) },
        admin(),
      );
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ sequence: 1, bookingId: session.bookingId });
      const booking = await app.get(`/api/bookings/${session.bookingId}`, admin());
      expect(booking.body.startsAt).toBe(new Date(berlin(`${day}T19:00`)).toISOString());

      const [mail] = await mailsToGuests();
      expect(mail.subject).toBe('New time or place: Fördermittel beantragen');
      expect(eventOf(mail)).toMatchObject({
        method: 'REQUEST',
        uid: `${session.id}@raum.example.org`,
        sequence: 1,
        startsAt: new Date(berlin(`${day}T19:00`)).toISOString(),
      });

      // Another room: a new booking there, the old one cancelled.
      const other = await createForumRoom(app, stage, 40);
      const elsewhere = await app.patch(
        `/api/forum/sessions/${session.id}`,
        { roomId: other.id },
        admin(),
      );
      expect(elsewhere.status).toBe(200);
      expect(elsewhere.body.bookingId).not.toBe(session.bookingId);
      const old = await app.get(`/api/bookings/${session.bookingId}`, admin());
      expect(old.body.status).toBe('cancelled');
      await mailsToGuests();

      const cancelled = await app.post(
        `/api/forum/sessions/${session.id}/cancel`,
        { reason: 'Referentin erkrankt' },
        admin(),
      );
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', sequence: 3 });
      const released = await app.get(`/api/bookings/${elsewhere.body.bookingId}`, admin());
      expect(released.body.status).toBe('cancelled');
      const [off] = await mailsToGuests();
      expect(off.subject).toBe('Event cancelled: Fördermittel beantragen');
      expect(off.text).toContain('Referentin erkrankt');
      expect(eventOf(off)).toMatchObject({ method: 'CANCEL', status: 'CANCELLED', sequence: 3 });

      await expectUnchanged(app.db, async () => {
        const again = await app.post(`/api/forum/sessions/${session.id}/cancel`, {}, admin());
        expect(again.status).toBe(409);
        const register = await app.post(
          `/api/forum/sessions/${session.id}/registrations`,
          registrationInput('move-2'),
        );
        expect(register.status).toBe(409);
        expect(register.body.type).toMatch(/session-cancelled$/);
      });
    });

    it('keeps the capacity within the room and above the places taken', async () => {
      const session = await createSession(app, stage, sessionInput(room.id, futureDay(4, 3)));
      await app.post(
        `/api/forum/sessions/${session.id}/registrations`,
        registrationInput('cap-1', { places: 5 }),
      );
      await expectUnchanged(app.db, async () => {
        const low = await app.patch(`/api/forum/sessions/${session.id}`, { capacity: 4 }, admin());
        expect(low.status).toBe(422);
        expect(low.body.type).toMatch(/capacity-below-taken$/);
        const high = await app.patch(
          `/api/forum/sessions/${session.id}`,
          { capacity: 31 },
          admin(),
        );
        expect(high.status).toBe(422);
      });
    });

    it('keeps the text in further languages; mails and the feed pick the reader’s', async () => {
      const translations = {
        en: { title: 'Applying for funding', description: 'Forms, deadlines, pitfalls' },
        tr: { title: 'Fon başvurusu' },
      };
      const session = await createSession(
        app,
        stage,
        sessionInput(room.id, futureDay(9, 1), '18:00', '20:00', {
          description: 'Formulare, Fristen, Stolperfallen',
          translations,
        }),
      );
      // The API answers German in title/description and every translation beside it.
      expect(session).toMatchObject({
        title: 'Fördermittel beantragen',
        description: 'Formulare, Fristen, Stolperfallen',
        translations,
      });
      const read = await app.get(`/api/forum/sessions/${session.id}`, {
        headers: { 'accept-language': 'en' },
      });
      expect(read.body).toMatchObject({ title: 'Fördermittel beantragen', translations });

      const register = (n: string, locale: string) =>
        app.post(
          `/api/forum/sessions/${session.id}/registrations`,
          registrationInput(n, { locale }),
        );
      await register('lang-en', 'en');
      await register('lang-de', 'de');
      const mails = await mailsToGuests();
      const english = mails.find((m) => m.envelopeTo.includes('gast-lang-en@example.org'))!;
      expect(english.subject).toBe('Registration confirmed: Applying for funding');
      expect(english.calendar!.content).toContain('SUMMARY:Applying for funding');
      const german = mails.find((m) => m.envelopeTo.includes('gast-lang-de@example.org'))!;
      expect(german.subject).toBe('Anmeldung bestätigt: Fördermittel beantragen');

      const feedIn = async (language: string) =>
        parseFeed(
          (await getFeed(app, '/api/calendar/forum.ics', { 'accept-language': language })).text,
        ).event(`${session.id}@raum.example.org`);
      expect(await feedIn('en')).toMatchObject({
        summary: 'Applying for funding',
        description: 'Forms, deadlines, pitfalls',
      });
      // Turkish has a title only: the description stays German.
      expect(await feedIn('tr')).toMatchObject({
        summary: 'Fon başvurusu',
        description: 'Formulare, Fristen, Stolperfallen',
      });
      expect(await feedIn('de')).toMatchObject({ summary: 'Fördermittel beantragen' });

      // Sent again, the translations replace the stored ones.
      const changed = await app.patch(
        `/api/forum/sessions/${session.id}`,
        { translations: { en: { title: 'Funding applications' } } },
        admin(),
      );
      expect(changed.status).toBe(200);
      expect(changed.body.translations).toEqual({ en: { title: 'Funding applications' } });

      await expectUnchanged(app.db, async () => {
        const refused = [
          { fr: { title: 'Demander des fonds' } },
          { de: { title: 'Doppelt' } },
          { en: { title: 'x'.repeat(201) } },
          { en: { description: 'x'.repeat(5001) } },
          { en: { title: '' } },
          { en: { title: 'ok', subtitle: 'unknown field' } },
          { en: 'Applying for funding' },
          [{ en: { title: 'an array' } }],
        ];
        for (const bad of refused) {
          const patched = await app.patch(
            `/api/forum/sessions/${session.id}`,
            { translations: bad },
            admin(),
          );
          expect(patched.status).toBe(400);
          expect(patched.headers.get('content-type')).toContain('application/problem+json');
          const created = await app.post(
            '/api/forum/sessions',
            sessionInput(room.id, futureDay(9, 2), '18:00', '20:00', { translations: bad }),
            admin(),
          );
          expect(created.status).toBe(400);
        }
      });
    });

    it('writes a Turkish registrant in Turkish and an Arabic one in Arabic, right to left', async () => {
      const day = futureDay(9, 4);
      const session = await createSession(
        app,
        stage,
        sessionInput(room.id, day, '18:00', '20:00', {
          translations: {
            tr: { title: 'Fon başvurusu' },
            ar: { title: 'طلب التمويل' },
          },
        }),
      );
      const register = (n: string, locale: string) =>
        app.post(
          `/api/forum/sessions/${session.id}/registrations`,
          registrationInput(n, { locale }),
        );
      expect((await register('lang-tr', 'tr')).status).toBe(201);
      expect((await register('lang-ar', 'ar')).status).toBe(201);
      expect((await register('lang-uk', 'uk')).status).toBe(201);
      const mails = await mailsToGuests();
      const to = (address: string) => mails.find((m) => m.envelopeTo.includes(address))!;
      const year = day.slice(0, 4);

      const turkish = to('gast-lang-tr@example.org');
      expect(turkish.subject).toBe('Kayıt onaylandı: Fon başvurusu');
      expect(turkish.text).toContain('Merhaba Gast lang-tr,');
      expect(turkish.text).toContain('Etkinlik: Fon başvurusu');
      // The Gregorian date, with Turkish month and day names.
      const turkishDate = DateTime.fromISO(day, { locale: 'tr' }).toFormat('d MMMM yyyy cccc');
      expect(turkish.text).toContain(`Ne zaman: ${turkishDate}, 18:00–20:00 (Europe/Berlin)`);
      expect(turkish.html).toContain('<html lang="tr" dir="ltr">');
      expect(turkish.calendar!.content).toContain('SUMMARY:Fon başvurusu');

      const arabic = to('gast-lang-ar@example.org');
      expect(arabic.subject).toBe('تم تأكيد التسجيل: طلب التمويل');
      expect(arabic.text).toContain('الفعالية: طلب التمويل');
      expect(arabic.text).toContain(year);
      expect(arabic.html).toContain('<html lang="ar" dir="rtl">');
      expect(arabic.html).toContain('طلب التمويل');
      expect(arabic.calendar!.content).toContain('SUMMARY:طلب التمويل');

      // Ukrainian has no title of its own: the mail is Ukrainian around the German title.
      const ukrainian = to('gast-lang-uk@example.org');
      expect(ukrainian.subject).toBe('Реєстрацію підтверджено: Fördermittel beantragen');
      expect(ukrainian.html).toContain('<html lang="uk" dir="ltr">');

      const stored = await app.db.query(
        `SELECT email, locale FROM forum_registrations WHERE session_id = $1 ORDER BY email`,
        [session.id],
      );
      expect(stored).toEqual([
        { email: 'gast-lang-ar@example.org', locale: 'ar' },
        { email: 'gast-lang-tr@example.org', locale: 'tr' },
        { email: 'gast-lang-uk@example.org', locale: 'uk' },
      ]);

      // A language the catalogue does not have is refused, and nothing is registered.
      await expectUnchanged(app.db, async () => {
        for (const locale of ['fr', 'TR', 'tr-TR', '']) {
          const refused = await register(`lang-${locale || 'none'}`, locale);
          expect(refused.status).toBe(400);
          expect(refused.headers.get('content-type')).toContain('application/problem+json');
        }
      });
    });
  });

  describe('registrations', () => {
    it('confirms, waitlists, promotes on cancellation, and mails each step with the event', async () => {
      const session = await createSession(
        app,
        stage,
        sessionInput(room.id, futureDay(6, 2), '18:00', '20:00', { capacity: 3 }),
      );
      const register = (n: string, extra: Record<string, unknown> = {}) =>
        app.post(`/api/forum/sessions/${session.id}/registrations`, registrationInput(n, extra));

      const first = await register('p1', { places: 2 });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ status: 'confirmed', places: 2, waitlistPosition: null });
      expect(first.body.manageUrl).toMatch(
        /^https:\/\/raum\.example\.org\/forum\/registrations\/[A-Za-z0-9_-]{43}$/,
      );
      const group = await register('p2', { places: 3, locale: 'en' });
      expect(group.body).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
      // A group of 3 does not block a single behind it.
      const single = await register('p3');
      expect(single.body).toMatchObject({ status: 'confirmed' });
      const late = await register('p4');
      expect(late.body).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 });

      const mails = await mailsToGuests();
      const confirmed = mails.find((m) => m.envelopeTo.includes('gast-p1@example.org'))!;
      expect(confirmed.subject).toBe('Anmeldung bestätigt: Fördermittel beantragen');
      expect(confirmed.text).toContain(first.body.manageUrl);
      expect(eventOf(confirmed)).toMatchObject({
        method: 'REQUEST',
        uid: `${session.id}@raum.example.org`,
        status: 'CONFIRMED',
      });
      const waiting = mails.find((m) => m.envelopeTo.includes('gast-p2@example.org'))!;
      expect(waiting.subject).toBe('On the waiting list: Fördermittel beantragen');
      expect(waiting.text).toContain('number 1 on the waiting list');
      expect(waiting.calendar).toBeUndefined();

      // The first registrant frees two places: the group of 3 (first in line) does not fit,
      // so the single behind it gets a place.
      const cancelled = await app.delete(
        `/api/forum/registrations/${tokenOf(first.body.manageUrl)}`,
      );
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.status).toBe('cancelled');
      const after = await app.get(`/api/forum/sessions/${session.id}`);
      expect(after.body).toMatchObject({ placesTaken: 2, waitlistLength: 1 });
      const own = await app.get(`/api/forum/registrations/${tokenOf(late.body.manageUrl)}`);
      expect(own.body).toMatchObject({ status: 'confirmed', session: { id: session.id } });

      const told = await mailsToGuests();
      const promoted = told.find((m) => m.envelopeTo.includes('gast-p4@example.org'))!;
      expect(promoted.subject).toBe('Sie haben einen Platz: Fördermittel beantragen');
      expect(eventOf(promoted)).toMatchObject({ method: 'REQUEST' });
      const off = told.find((m) => m.envelopeTo.includes('gast-p1@example.org'))!;
      expect(eventOf(off)).toMatchObject({ method: 'CANCEL', status: 'CANCELLED' });

      // More places: the group of 3 is next and fits.
      const grown = await app.patch(`/api/forum/sessions/${session.id}`, { capacity: 5 }, admin());
      expect(grown.body).toMatchObject({ placesTaken: 5, waitlistLength: 0 });
      const own2 = await app.get(`/api/forum/registrations/${tokenOf(group.body.manageUrl)}`);
      expect(own2.body.status).toBe('confirmed');

      // A used link, an unknown one and a malformed one change nothing.
      await expectUnchanged(app.db, async () => {
        const used = await app.delete(`/api/forum/registrations/${tokenOf(first.body.manageUrl)}`);
        expect(used.status).toBe(409);
        expect(used.headers.get('content-type')).toContain('application/problem+json');
        const unknown = await app.get(`/api/forum/registrations/${'A'.repeat(43)}`);
        expect(unknown.status).toBe(404);
        const malformed = await app.delete('/api/forum/registrations/nope');
        expect(malformed.status).toBe(404);
      });
    });

    it('refuses bad registrations with a clear problem and changes nothing', async () => {
      const day = futureDay(7, 2);
      const session = await createSession(app, stage, sessionInput(room.id, day));
      const closed = await createSession(
        app,
        stage,
        sessionInput(room.id, day, '10:00', '12:00', {
          registrationOpensAt: new Date(Date.now() - 86_400_000).toISOString(),
          registrationClosesAt: new Date(Date.now() - 3_600_000).toISOString(),
        }),
      );
      const notYet = await createSession(
        app,
        stage,
        sessionInput(room.id, day, '13:00', '14:00', {
          registrationOpensAt: berlin(`${day}T08:00`),
        }),
      );
      const members = await createSession(
        app,
        stage,
        sessionInput(room.id, day, '15:00', '17:00', { audience: 'members' }),
      );
      const ok = await app.post(
        `/api/forum/sessions/${session.id}/registrations`,
        registrationInput('twice'),
      );
      expect(ok.status).toBe(201);
      const path = (id: string) => `/api/forum/sessions/${id}/registrations`;
      // The read model says what the registration below decides: one rule.
      expect([session, closed, notYet].map((s) => s.registrationOpen)).toEqual([
        true,
        false,
        false,
      ]);

      await expectUnchanged(app.db, async () => {
        const twice = await app.post(
          path(session.id),
          registrationInput('TWICE'.toLowerCase(), { email: 'Gast-twice@Example.org' }),
        );
        expect(twice.status).toBe(409);
        expect(twice.body.type).toMatch(/already-registered$/);
        const noEmail = await app.post(path(session.id), {
          ...registrationInput('x'),
          email: undefined,
        });
        expect(noEmail.status).toBe(422);
        expect(noEmail.body.type).toMatch(/email-required$/);
        const six = await app.post(path(session.id), registrationInput('six', { places: 6 }));
        expect(six.status).toBe(400);
        const late = await app.post(path(closed.id), registrationInput('late'));
        expect(late.status).toBe(422);
        expect(late.body.type).toMatch(/registration-closed$/);
        const early = await app.post(path(notYet.id), registrationInput('early'));
        expect(early.body.type).toMatch(/registration-not-yet-open$/);
        const outsider = await app.post(path(members.id), registrationInput('anon'));
        expect(outsider.status).toBe(403);
        expect(outsider.body.type).toMatch(/members-only$/);
        const foreign = await app.post(
          path(session.id),
          registrationInput('foreign', { organizationId: stage.organizationId }),
          { token: stage.requester.token },
        );
        expect(foreign.status).toBe(403);
        const nowhere = await app.post(
          path('7c1e0000-0000-4000-8000-00000000f022'),
          registrationInput('nowhere'),
        );
        expect(nowhere.status).toBe(404);
      });

      // Members register for members' sessions; staff register someone without an address.
      const member = await app.post(
        path(members.id),
        registrationInput('member', { organizationId: stage.organizationId }),
        { token: stage.member.token },
      );
      expect(member.body.status).toBe('confirmed');
      const byPhone = await app.post(
        path(members.id),
        { ...registrationInput('phone'), email: undefined },
        admin(),
      );
      expect(byPhone.status).toBe(201);
    });

    it('lets staff cancel for a registrant: the same mail, the same queue rule', async () => {
      const session = await createSession(
        app,
        stage,
        sessionInput(room.id, futureDay(9, 3), '18:00', '20:00', {
          capacity: 3,
          translations: { en: { title: 'Applying for funding' } },
        }),
      );
      const register = (n: string, places: number, locale = 'de') =>
        app.post(
          `/api/forum/sessions/${session.id}/registrations`,
          registrationInput(n, { places, locale }),
        );
      const phoned = await register('staff-1', 2, 'en');
      await register('staff-2', 1);
      const group = await register('staff-3', 3);
      const pair = await register('staff-4', 2);
      expect([phoned, group, pair].map((r) => r.body.status)).toEqual([
        'confirmed',
        'waitlisted',
        'waitlisted',
      ]);
      await mailsToGuests();

      const byId = (id: string) => `/api/forum/registrations/by-id/${id}`;
      await expectUnchanged(app.db, async () => {
        const member = await app.delete(byId(phoned.body.id), { token: stage.member.token });
        expect(member.status).toBe(403);
        expect(member.headers.get('content-type')).toContain('application/problem+json');
        expect((await app.delete(byId(phoned.body.id))).status).toBe(401);
        const unknown = await app.delete(byId('00000000-0000-4000-8000-000000000000'), admin());
        expect(unknown.status).toBe(404);
        expect(unknown.body.type).toMatch(/registration-not-found$/);
        expect((await app.delete(byId('nope'), admin())).status).toBe(400);
      });

      // Two places freed: the group of 3 (first in line) does not fit, the pair behind does.
      const cancelled = await app.delete(byId(phoned.body.id), admin());
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ id: phoned.body.id, status: 'cancelled' });
      const after = await app.get(`/api/forum/sessions/${session.id}`);
      expect(after.body).toMatchObject({ placesTaken: 3, waitlistLength: 1 });
      const own = await app.get(`/api/forum/registrations/${tokenOf(pair.body.manageUrl)}`);
      expect(own.body.status).toBe('confirmed');
      const waiting = await app.get(`/api/forum/registrations/${tokenOf(group.body.manageUrl)}`);
      expect(waiting.body).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });

      const told = await mailsToGuests();
      const off = told.find((m) => m.envelopeTo.includes('gast-staff-1@example.org'))!;
      expect(off.subject).toBe('Registration cancelled: Applying for funding');
      expect(eventOf(off)).toMatchObject({ method: 'CANCEL', status: 'CANCELLED' });
      const promoted = told.find((m) => m.envelopeTo.includes('gast-staff-4@example.org'))!;
      expect(promoted.subject).toBe('Sie haben einen Platz: Fördermittel beantragen');

      await expectUnchanged(app.db, async () => {
        const again = await app.delete(byId(phoned.body.id), admin());
        expect(again.status).toBe(409);
        expect(again.body.type).toMatch(/registration-already-cancelled$/);
        // The registrant's own link says the same.
        const link = await app.delete(`/api/forum/registrations/${tokenOf(phoned.body.manageUrl)}`);
        expect(link.status).toBe(409);
      });
    });

    it('caps the places of one organisation; the rest wait', async () => {
      const session = await createSession(
        app,
        stage,
        sessionInput(room.id, futureDay(8, 2), '18:00', '20:00', { maxPlacesPerOrganization: 3 }),
      );
      const colleague = await registerUser(app, { name: 'Colleague' });
      await addMember(app, stage.organizationId, stage.owner, colleague);
      const path = `/api/forum/sessions/${session.id}/registrations`;
      const org = { organizationId: stage.organizationId };
      const a = await app.post(path, registrationInput('org-a', { ...org, places: 2 }), {
        token: stage.member.token,
      });
      const b = await app.post(path, registrationInput('org-b', { ...org, places: 2 }), {
        token: colleague.token,
      });
      expect([a.body.status, b.body.status]).toEqual(['confirmed', 'waitlisted']);

      // Staff see every registration with its address; a member sees their organisation's;
      // a member of another organisation sees none.
      const staff = await app.get(path, admin());
      expect(staff.body.items.map((r: { email: string }) => r.email)).toEqual([
        'gast-org-a@example.org',
        'gast-org-b@example.org',
      ]);
      expect(staff.body.items[1].waitlistPosition).toBe(1);
      const mine = await app.get(path, { token: stage.member.token });
      expect(mine.body.total).toBe(2);
      const others = await app.get(path, { token: stage.requester.token });
      expect(others.body.total).toBe(0);
      expect((await app.get(path)).status).toBe(401);

      // The cap lifted (null clears it; a field left out stays): the waiting group moves up.
      const window = {
        registrationOpensAt: new Date(Date.now() - 3_600_000).toISOString(),
        registrationClosesAt: berlin(`${futureDay(8, 2)}T12:00`),
      };
      const windowed = await app.patch(`/api/forum/sessions/${session.id}`, window, admin());
      expect(windowed.status).toBe(200);
      const kept = await app.patch(
        `/api/forum/sessions/${session.id}`,
        { speakers: ['Ana'] },
        admin(),
      );
      expect(kept.body).toMatchObject({ maxPlacesPerOrganization: 3, speakers: ['Ana'] });
      expect(kept.body.registrationClosesAt).not.toBeNull();
      const cleared = await app.patch(
        `/api/forum/sessions/${session.id}`,
        { maxPlacesPerOrganization: null, registrationOpensAt: null, registrationClosesAt: null },
        admin(),
      );
      expect(cleared.status).toBe(200);
      expect(cleared.body).toMatchObject({
        maxPlacesPerOrganization: null,
        registrationOpensAt: null,
        registrationClosesAt: null,
      });
      const after = await app.get(path, admin());
      expect(after.body.items.map((r: { status: string }) => r.status)).toEqual([
        'confirmed',
        'confirmed',
      ]);
    });
  });
});

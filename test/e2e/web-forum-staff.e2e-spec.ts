import { DateTime } from 'luxon';
import { MessageCatalogue } from '../../src/common/i18n/message-catalogue';
import { BookingStage, createStage, futureDay, ZONE } from '../support/booking-factories';
import {
  createForumRoom,
  createSession,
  registrationInput,
  sessionInput,
} from '../support/forum-factories';
import { expectUnchanged, startTestApp, TestApp } from '../support/test-app';
import { WebClient, webClientOf } from '../support/web-client';

/**
 * The staff's forum pages over real HTTP: planning a session and a series, publishing,
 * registering someone at the door and recording attendance, on the forum's services.
 */
describe('web pages for staff: planning the forum', () => {
  let app: TestApp;
  let stage: BookingStage;
  let roomId: string;
  let admin: WebClient;
  let member: WebClient;
  let anonymous: WebClient;

  /** A session's form as staff type it, in the room on `day`. */
  const sessionFields = (day: string, extra: Record<string, string> = {}) => ({
    kind: 'training',
    title: 'Vereinsrecht kompakt',
    topic: 'association_law',
    speakers: 'Dr. Selin Kaya\nJonas Weber',
    languages: 'de, tr',
    roomId,
    capacity: '25',
    audience: 'public',
    date: day,
    from: '18:00',
    to: '20:00',
    ...extra,
  });

  const detail = (code: string, params: Record<string, number> = {}) =>
    app.running.app
      .get(MessageCatalogue, { strict: false })
      .t('de', `problems.${code}.detail`, params);

  beforeAll(async () => {
    app = await startTestApp({ JOB_INTERVAL_SECONDS: '0', MAIL_INTERVAL_SECONDS: '0' });
    stage = await createStage(app);
    roomId = (await createForumRoom(app, stage, 30)).id;
    [admin, member, anonymous] = await Promise.all([
      webClientOf(app, stage.admin),
      webClientOf(app, stage.member),
      webClientOf(app),
    ]);
  });
  afterAll(() => app.close());

  it('are for staff only; a form without its CSRF token is refused, changing nothing', async () => {
    for (const path of ['/staff/forum', '/staff/forum/sessions/new', '/staff/forum/series/new']) {
      expect((await anonymous.get(path)).location).toBe(`/login?next=${encodeURIComponent(path)}`);
      expect((await member.get(path)).status).toBe(403);
    }
    const fields = sessionFields(futureDay(6, 1));
    await expectUnchanged(app.db, async () => {
      expect((await member.post('/staff/forum/sessions/new', fields)).status).toBe(403);
      expect((await anonymous.post('/staff/forum/sessions/new', fields)).status).toBe(303);
      await admin.get('/staff/forum/sessions/new');
      const forged = await admin.post('/staff/forum/sessions/new', { ...fields, _csrf: 'x' });
      expect(forged.status).toBe(403);
    });
    expect((await admin.get('/staff/organizations')).text).toContain('href="/staff/forum"');
  });

  it('plans a session through the form; a capacity above the room’s is the service’s refusal', async () => {
    const day = futureDay(6, 2);
    const form = await admin.get('/staff/forum/sessions/new');
    expect(form.status).toBe(200);
    expect(form.text).toContain(`<option value="${roomId}"`);

    const tooMany = await expectUnchanged(app.db, () =>
      admin.post('/staff/forum/sessions/new', sessionFields(day, { capacity: '31' })),
    );
    expect(tooMany.status).toBe(422);
    expect(tooMany.text).toContain('<a href="#field-capacity">');
    expect(tooMany.text).toContain(detail('CAPACITY_ABOVE_ROOM', { roomCapacity: 30 }));
    expect(tooMany.text).toContain('value="Vereinsrecht kompakt"');

    const tooLong = await expectUnchanged(app.db, () =>
      admin.post('/staff/forum/sessions/new', sessionFields(day, { titleEn: 'x'.repeat(201) })),
    );
    expect(tooLong.status).toBe(422);
    expect(tooLong.text).toContain('<a href="#field-titleEn">');

    const english = { titleEn: 'Association law in brief', descriptionEn: 'Statutes and boards' };
    const planned = await admin.post('/staff/forum/sessions/new', sessionFields(day, english));
    expect(planned.status).toBe(303);
    const id = /^\/staff\/forum\/sessions\/([0-9a-f-]{36})\?planned=1$/.exec(planned.location!)![1];
    const [row] = await app.db.query(
      `SELECT status, capacity, speakers, languages, starts_at, translations
         FROM forum_sessions WHERE id = $1`,
      [id],
    );
    expect(row).toMatchObject({ status: 'draft', capacity: 25, languages: ['de', 'tr'] });
    expect(row.translations).toEqual({
      en: { title: 'Association law in brief', description: 'Statutes and boards' },
    });
    expect(row.speakers).toEqual(['Dr. Selin Kaya', 'Jonas Weber']);
    expect(DateTime.fromJSDate(row.starts_at).setZone(ZONE).toFormat('yyyy-MM-dd HH:mm')).toBe(
      `${day} 18:00`,
    );
    const programme = `/forum?from=${day}`;
    expect((await anonymous.get(programme)).text).not.toContain('Vereinsrecht kompakt');
    expect((await admin.get('/staff/forum')).text).toContain('Vereinsrecht kompakt');
    // A page of the list beyond the end, or none that makes sense: the list, bounded.
    expect((await admin.get('/staff/forum?offset=9999999')).text).not.toContain('Vereinsrecht');
    expect((await admin.get('/staff/forum?offset=-1')).text).toContain('Vereinsrecht kompakt');

    const page = await admin.get(planned.location!);
    expect(page.text).toContain('als Entwurf gespeichert');
    const published = await admin.post(`/staff/forum/sessions/${id}/publish`, {});
    expect(published.location).toBe(`/staff/forum/sessions/${id}?published=1`);
    expect((await anonymous.get(programme)).text).toContain('Vereinsrecht kompakt');

    // Changing it: the same form, filled in; the service's refusal shown again.
    const edit = await admin.get(`/staff/forum/sessions/${id}/edit`);
    expect(edit.text).toContain('value="18:00"');
    expect(edit.text).toContain('value="Association law in brief"');
    const inEnglish = await new WebClient(app.url, 'en').get(programme);
    expect(inEnglish.text).toContain('Association law in brief');
    const refused = await expectUnchanged(app.db, () =>
      admin.post(`/staff/forum/sessions/${id}/edit`, sessionFields(day, { to: '17:00' })),
    );
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('<a href="#field-to">');
    // A cap set, then emptied in the form: the session has none again.
    const capOf = async () =>
      (
        await app.db.query(
          `SELECT max_places_per_organization AS cap FROM forum_sessions WHERE id = $1`,
          [id],
        )
      )[0].cap;
    const capped = await admin.post(
      `/staff/forum/sessions/${id}/edit`,
      sessionFields(day, { maxPlacesPerOrganization: '4' }),
    );
    expect(capped.status).toBe(303);
    expect(await capOf()).toBe(4);
    expect((await admin.post(`/staff/forum/sessions/${id}/edit`, sessionFields(day))).status).toBe(
      303,
    );
    expect(await capOf()).toBeNull();

    // Cancelling asks first, then tells.
    const confirm = await admin.get(`/staff/forum/sessions/${id}/cancel`);
    expect(confirm.text).toContain('nicht rückgängig');
    const cancelled = await admin.post(`/staff/forum/sessions/${id}/cancel`, { reason: 'Krank' });
    expect(cancelled.location).toBe(`/staff/forum/sessions/${id}?cancelled=1`);
    const [after] = await app.db.query(`SELECT status FROM forum_sessions WHERE id = $1`, [id]);
    expect(after.status).toBe('cancelled');
  });

  it('plans a monthly series and shows the date whose room is taken as not placed', async () => {
    const first = DateTime.fromISO(futureDay(8), { zone: ZONE })
      .plus({ months: 1 })
      .startOf('month');
    const months = [0, 1, 2].map((n) => first.plus({ months: n }));
    // The first Wednesday of the second month is taken by another session.
    const taken = months[1].plus({ days: (3 - months[1].weekday + 7) % 7 });
    await createSession(
      app,
      stage,
      sessionInput(roomId, taken.toISODate()!, '17:00', '19:00', { title: 'Schon da' }),
    );
    const seriesFields = (firstMonth: DateTime, lastMonth: DateTime) => ({
      ...sessionFields(''),
      title: 'Forum der Migrantenselbstorganisationen',
      ordinal: '1',
      weekday: 'WE',
      firstMonth: firstMonth.toFormat('yyyy-MM'),
      lastMonth: lastMonth.toFormat('yyyy-MM'),
    });
    await admin.get('/staff/forum/series/new');
    // Only the taken date: nothing is planned, and the date is shown with its reason.
    const none = await expectUnchanged(app.db, () =>
      admin.post('/staff/forum/series/new', seriesFields(months[1], months[1])),
    );
    expect(none.status).toBe(422);
    expect(none.text).toContain('<a href="#field-weekday">');
    expect(none.text).toContain('1 Termin hat den Raum nicht bekommen');

    const sent = await admin.post('/staff/forum/series/new', seriesFields(months[0], months[2]));
    // POST → 303 → GET: the outcome is a page of its own, read back from what was stored.
    expect(sent.status).toBe(303);
    const outcome = sent.location!;
    expect(outcome).toMatch(/^\/staff\/forum\/series\/[0-9a-f-]{36}\?planned=1$/);
    const shown = await admin.get(outcome);
    expect(shown.status).toBe(200);
    expect(shown.text).toContain('2 Termine wurden als Entwurf angelegt');
    expect(shown.text).toContain('1 Termin hat den Raum nicht bekommen');
    const notPlaced = /<tr class="rfe-not-placed"><td>([^<]*)<\/td><td>([^<]*)<\/td>/.exec(
      shown.text,
    )!;
    expect(notPlaced[1]).toContain(
      new Intl.DateTimeFormat('de-u-ca-gregory', { dateStyle: 'full', timeZone: ZONE }).format(
        taken.toJSDate(),
      ),
    );
    expect(notPlaced[2]).toBe(detail('SLOT_TAKEN'));
    const placeUrl = new RegExp(
      `/staff/forum/sessions/new\\?seriesId=[0-9a-f-]{36}&amp;date=${taken.toISODate()}`,
    );
    expect(shown.text).toMatch(placeUrl);
    const count = async () =>
      (
        await app.db.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM forum_sessions WHERE title = 'Forum der Migrantenselbstorganisationen'`,
        )
      )[0].n;
    expect(await count()).toBe(2);

    // A reload is a GET: it plans nothing again, and still shows every date.
    const reloaded = await expectUnchanged(app.db, () => admin.get(outcome));
    expect(reloaded.text).toMatch(placeUrl);
    expect(await count()).toBe(2);

    // The API reads the same outcome; a date planned in another room leaves the list.
    const seriesId = /series\/([0-9a-f-]{36})/.exec(outcome)![1];
    const api = await app.get(`/api/forum/series/${seriesId}`, { token: stage.admin.token });
    expect(api.status).toBe(200);
    expect(api.body.created).toHaveLength(2);
    expect(api.body.conflicts).toEqual([expect.objectContaining({ code: 'SLOT_TAKEN' })]);
    const elsewhere = (await createForumRoom(app, stage, 30)).id;
    await createSession(app, stage, {
      ...sessionInput(elsewhere, taken.toISODate()!, '18:00', '20:00'),
      seriesId,
    });
    const after = await admin.get(`/staff/forum/series/${seriesId}`);
    expect(after.text).not.toContain('rfe-not-placed');
    expect(after.text).not.toContain('als Entwurf angelegt');
    expect(
      (await app.get(`/api/forum/series/${seriesId}`, { token: stage.admin.token })).body.conflicts,
    ).toEqual([]);
    // Another series' id, or none: not found, for the API and the page alike.
    const unknown = '6f1c2a4e-8b3d-4c5e-9f70-1a2b3c4d5e6f';
    expect(
      (await app.get(`/api/forum/series/${unknown}`, { token: stage.admin.token })).status,
    ).toBe(404);
    expect((await admin.get(`/staff/forum/series/${unknown}`)).status).toBe(404);
    expect((await member.get(`/staff/forum/series/${seriesId}`)).status).toBe(403);
  });

  it('registers someone at the door without e-mail, lists the registrations and records attendance', async () => {
    const session = await createSession(
      app,
      stage,
      sessionInput(roomId, futureDay(7, 4), '10:00', '12:00', { capacity: 2 }),
    );
    const path = `/staff/forum/sessions/${session.id}`;
    await app.post(`${path.replace('/staff', '/api')}/registrations`, registrationInput('online'));
    await admin.get(path);
    const door = await admin.post(`${path}/registrations`, {
      name: 'Herr Demir',
      places: '2',
      locale: 'de',
      accessibilityNeeds: 'Rollstuhlplatz',
    });
    expect(door.location).toBe(`${path}?registered=waitlisted`);
    const page = await admin.get(door.location!);
    expect(page.text).toContain('<bdi>Herr Demir</bdi>');
    expect(page.text).toContain('Rollstuhlplatz');
    expect(page.text).toContain('Platz 1 auf der Warteliste');
    expect(page.text).toContain('gast-online@example.org');

    const attendance = `${path}/attendance`;
    const confirmed = await app.db.query<{ id: string }[]>(
      `SELECT id FROM forum_registrations WHERE session_id = $1 AND status = 'confirmed'`,
      [session.id],
    );
    expect(confirmed).toHaveLength(1);
    const choice = { [`attended-${confirmed[0].id}`]: 'no' };
    await admin.get(attendance);
    const early = await expectUnchanged(app.db, () => admin.post(attendance, choice));
    expect(early.status).toBe(422);
    expect(early.text).toContain(detail('ATTENDANCE_BEFORE_START'));

    await app.db.query(
      `UPDATE forum_sessions SET starts_at = now() - interval '3 hours',
              ends_at = now() - interval '1 hour' WHERE id = $1`,
      [session.id],
    );
    const form = await admin.get(attendance);
    expect(form.text).toContain(`name="attended-${confirmed[0].id}" value="no"`);
    const recorded = await admin.post(attendance, choice);
    expect(recorded.location).toBe(`${attendance}?recorded=1`);
    const [row] = await app.db.query(`SELECT attended FROM forum_registrations WHERE id = $1`, [
      confirmed[0].id,
    ]);
    expect(row.attended).toBe(false);
    expect((await admin.get(recorded.location!)).text).toMatch(/value="no" checked/);
  });
  it('cancels a registration for someone who phoned in; the next in line gets the place', async () => {
    const session = await createSession(
      app,
      stage,
      sessionInput(roomId, futureDay(10, 2), '10:00', '12:00', { capacity: 1 }),
    );
    const other = await createSession(
      app,
      stage,
      sessionInput(roomId, futureDay(10, 3), '10:00', '12:00'),
    );
    const path = `/staff/forum/sessions/${session.id}`;
    const api = (id: string) => `/api/forum/sessions/${id}/registrations`;
    const phoned = (await app.post(api(session.id), registrationInput('phone-1'))).body;
    const next = (await app.post(api(session.id), registrationInput('phone-2'))).body;
    const elsewhere = (await app.post(api(other.id), registrationInput('phone-3'))).body;
    expect([phoned.status, next.status]).toEqual(['confirmed', 'waitlisted']);

    const page = await admin.get(path);
    const cancel = (id: string) => `${path}/registrations/${id}/cancel`;
    expect(page.text).toContain(`action="${cancel(phoned.id)}"`);
    expect(page.text).toContain('Anmeldung absagen');
    await expectUnchanged(app.db, async () => {
      expect((await member.post(cancel(phoned.id), {})).status).toBe(403);
      // A registration of another session is not found on this one's page.
      expect((await admin.post(cancel(elsewhere.id), {})).status).toBe(404);
    });

    const done = await admin.post(cancel(phoned.id), {});
    expect(done.location).toBe(`${path}?registrationCancelled=1`);
    const statuses = await app.db.query<{ email: string; status: string }[]>(
      `SELECT email, status FROM forum_registrations WHERE session_id = $1 ORDER BY arrival`,
      [session.id],
    );
    expect(statuses.map((r) => r.status)).toEqual(['cancelled', 'confirmed']);
    const mails = await app.db.query<{ kind: string }[]>(
      `SELECT kind FROM outbox WHERE recipient_email = 'gast-phone-1@example.org' ORDER BY kind`,
    );
    expect(mails.map((m) => m.kind)).toEqual(['forum.cancelled', 'forum.confirmed']);
    const after = await admin.get(done.location!);
    expect(after.text).toContain('Die Anmeldung ist abgesagt');
    expect(after.text).not.toContain(`action="${cancel(phoned.id)}"`);
    expect(after.text).toContain(`action="${cancel(next.id)}"`);

    // A form sent twice: the forum's refusal on the page, nothing changed.
    const twice = await expectUnchanged(app.db, () => admin.post(cancel(phoned.id), {}));
    expect(twice.status).toBe(422);
    expect(twice.text).toContain('<a href="#field-registrations">');
    expect(twice.text).toContain(detail('REGISTRATION_ALREADY_CANCELLED'));
  });

  it('offers larger free rooms when people wait, and moves the session there in one step', async () => {
    const hall = await createForumRoom(app, stage, 50);
    const session = await createSession(
      app,
      stage,
      sessionInput(roomId, futureDay(9, 3), '10:00', '12:00', { capacity: 1 }),
    );
    const path = `/staff/forum/sessions/${session.id}`;
    const api = `/api/forum/sessions/${session.id}/registrations`;
    expect((await admin.get(path)).text).not.toContain('/move"');
    await app.post(api, registrationInput('first'));
    await app.post(api, registrationInput('second', { places: 2 }));

    const page = await admin.get(path);
    expect(page.text).toContain('Größere freie Räume');
    expect(page.text).toContain(`name="roomId" value="${hall.id}"`);
    // The session's own room is busy with it: not offered.
    expect(page.text).not.toContain(`name="roomId" value="${roomId}"`);
    const tooMany = await expectUnchanged(app.db, () =>
      admin.post(`${path}/move`, { roomId: hall.id, capacity: '51' }),
    );
    expect(tooMany.status).toBe(422);
    expect(tooMany.text).toContain('<a href="#field-larger">');
    expect(tooMany.text).toContain(detail('CAPACITY_ABOVE_ROOM', { roomCapacity: 50 }));
    // The form's own problems, too, are one message beside the rooms.
    const malformed = await expectUnchanged(app.db, () =>
      admin.post(`${path}/move`, { roomId: 'not-a-room', capacity: 'many' }),
    );
    expect(malformed.status).toBe(422);
    expect(malformed.text).toContain('<a href="#field-larger">');
    expect(malformed.text).toContain('Dieser Wert ist nicht gültig.');

    const moved = await admin.post(`${path}/move`, { roomId: hall.id, capacity: '50' });
    expect(moved.location).toBe(`${path}?moved=1`);
    const [row] = await app.db.query(
      `SELECT room_id, capacity, places_taken FROM forum_sessions WHERE id = $1`,
      [session.id],
    );
    expect(row).toEqual({ room_id: hall.id, capacity: 50, places_taken: 3 });
    expect((await admin.get(moved.location!)).text).not.toContain('Größere freie Räume');
  });
});

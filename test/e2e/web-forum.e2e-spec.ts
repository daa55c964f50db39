import { WebSessionsService } from '../../src/web/shell/web-sessions.service';
import { BookingStage, createStage, futureDay } from '../support/booking-factories';
import { createForumRoom, createSession, sessionInput } from '../support/forum-factories';
import { fingerprint, startTestApp, TestApp } from '../support/test-app';
import { WebClient } from '../support/web-client';

/** The forum's pages: programme, a session's page with its form, the registrant's own page. */
describe('web pages of the forum', () => {
  let app: TestApp;
  let stage: BookingStage;
  let training: { id: string };
  let full: { id: string };
  let roomName: string;

  beforeAll(async () => {
    app = await startTestApp({ PUBLIC_URL: 'https://raum.example.org' });
    stage = await createStage(app);
    const room = await createForumRoom(app, stage);
    roomName = (await app.get(`/api/rooms/${room.id}`)).body.name;
    training = await createSession(
      app,
      stage,
      sessionInput(room.id, futureDay(10), '18:00', '20:00', {
        title: 'Vereinsrecht für Einsteiger',
        topic: 'association_law',
        capacity: 3,
        translations: { en: { title: 'Association law for beginners' } },
      }),
    );
    full = await createSession(
      app,
      stage,
      sessionInput(room.id, futureDay(12), '10:00', '12:00', {
        kind: 'public_event',
        title: 'Erzählcafé',
        topic: 'public_relations',
        languages: ['de', 'ar'],
        capacity: 1,
      }),
    );
    await app.post(`/api/forum/sessions/${full.id}/registrations`, {
      name: 'Erste',
      email: 'erste@example.org',
      places: 1,
      locale: 'de',
    });
  });
  afterAll(() => app.close());

  it('lists the programme with rooms and filters it by kind', async () => {
    const browser = new WebClient(app.url);
    const all = await browser.get('/forum');
    expect(all.status).toBe(200);
    expect(all.text).toContain('Vereinsrecht für Einsteiger');
    expect(all.text).toContain('Erzählcafé');
    expect(all.text).toContain(`<bdi>${roomName}</bdi>`);
    expect(all.text).toContain('Arabisch');
    const events = await browser.get('/forum?kind=public_event');
    expect(events.text).toContain('Erzählcafé');
    expect(events.text).not.toContain('Vereinsrecht für Einsteiger');
    expect(events.text).toContain('1 Veranstaltung');
    const wrong = await browser.get('/forum?kind=party&from=gestern');
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('<a href="#field-kind">');
    expect(wrong.text).toContain('<a href="#field-from">');
  });

  it('shows a session’s title in the reader’s language where staff gave one', async () => {
    const english = new WebClient(app.url, 'en');
    const programme = await english.get('/forum');
    expect(programme.text).toContain('<bdi>Association law for beginners</bdi>');
    expect(programme.text).not.toContain('Vereinsrecht für Einsteiger');
    // No English for this one: German.
    expect(programme.text).toContain('<bdi>Erzählcafé</bdi>');
    const page = await english.get(`/forum/sessions/${training.id}`);
    expect(page.text).toContain(
      '<h1 class="kern-heading-x-large"><bdi>Association law for beginners</bdi></h1>',
    );
    const turkish = await new WebClient(app.url, 'tr').get(`/forum/sessions/${training.id}`);
    expect(turkish.text).toContain('<bdi>Vereinsrecht für Einsteiger</bdi>');
  });

  it('registers without an account, keeps input on errors, and leads to the private page', async () => {
    const browser = new WebClient(app.url);
    const page = await browser.get(`/forum/sessions/${training.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Noch 3 Plätze frei (von 3)');

    const before = await fingerprint(app.db);
    const invalid = await browser.post(`/forum/sessions/${training.id}/registrations`, {
      name: 'Ayşe Yılmaz',
      email: 'keine-adresse',
      places: '9',
      locale: 'de',
    });
    expect(invalid.status).toBe(422);
    expect(invalid.text).toContain('value="Ayşe Yılmaz"');
    expect(invalid.text).toMatch(/id="field-email"[^>]*aria-invalid="true"/);
    const forged = await browser.post(
      `/forum/sessions/${training.id}/registrations`,
      { name: 'Ayşe', email: 'ayse@example.org', places: '1', locale: 'de' },
      { origin: 'https://elsewhere.example' },
    );
    expect(forged.status).toBe(403);
    expect(await fingerprint(app.db)).toEqual(before);

    const sent = await browser.post(`/forum/sessions/${training.id}/registrations`, {
      name: 'Ayşe Yılmaz',
      email: 'ayse@example.org',
      places: '2',
      locale: 'en',
    });
    expect(sent.status).toBe(303);
    const link = /^\/forum\/registrations\/([A-Za-z0-9_-]{43})\?registered=1$/.exec(sent.location!);
    expect(link).not.toBeNull();
    const own = await browser.get(sent.location!);
    expect(own.status).toBe(200);
    expect(own.text).toContain('Sie sind angemeldet');
    expect(own.text).toContain('Platz bestätigt');
    // The mail's private link is this page.
    const mail = await app.db.query(
      `SELECT count(*)::int AS n FROM outbox WHERE text_body LIKE $1`,
      [`%https://raum.example.org/forum/registrations/${link![1]}%`],
    );
    expect(mail[0].n).toBe(1);

    const twice = await browser.post(`/forum/sessions/${training.id}/registrations`, {
      name: 'Ayşe Yılmaz',
      email: 'AYSE@example.org',
      places: '1',
      locale: 'de',
    });
    expect(twice.status).toBe(422);
    expect(twice.text).toContain('<a href="#field-email">');

    const cancelled = await browser.post(`/forum/registrations/${link![1]}/cancellation`, {});
    expect(cancelled.status).toBe(303);
    const after = await browser.get(cancelled.location!);
    expect(after.text).toContain('Sie haben sich abgemeldet');
    expect(after.text).toContain('Abgemeldet');
    expect(after.text).not.toContain('/cancellation');
  });

  it('puts a registrant on the waiting list when the session is full, and shows the place', async () => {
    const browser = new WebClient(app.url, 'en');
    const page = await browser.get(`/forum/sessions/${full.id}`);
    expect(page.text).toContain('No places left (of 1)');
    const sent = await browser.post(`/forum/sessions/${full.id}/registrations`, {
      name: 'Zweite',
      email: 'zweite@example.org',
      places: '1',
      locale: 'en',
    });
    expect(sent.status).toBe(303);
    const own = await browser.get(sent.location!);
    expect(own.text).toContain('You are on the waiting list');
    expect(own.text).toContain('Place 1 on the waiting list');
  });

  it('offers a member their organisations, and refuses one they do not belong to', async () => {
    const browser = new WebClient(app.url);
    const sessions = app.running.app.get(WebSessionsService, { strict: false });
    browser.cookies.set('rfe_session', (await sessions.open(stage.requester.id)).secret);
    const page = await browser.get(`/forum/sessions/${training.id}`);
    expect(page.text).toContain(`value="${stage.requesterOrganizationId}"`);
    expect(page.text).not.toContain(`value="${stage.organizationId}"`);
    const before = await fingerprint(app.db);
    const foreign = await browser.post(`/forum/sessions/${training.id}/registrations`, {
      name: 'Requester',
      email: stage.requester.email,
      places: '1',
      locale: 'de',
      organizationId: stage.organizationId,
    });
    expect(foreign.status).toBe(422);
    expect(foreign.text).toContain('<a href="#field-organizationId">');
    expect(await fingerprint(app.db)).toEqual(before);
  });

  it('answers an unknown private link and an unknown session with the 404 page', async () => {
    const browser = new WebClient(app.url);
    const unknown = await browser.get(`/forum/registrations/${'A'.repeat(43)}`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^text\/html/);
    const malformed = await browser.get('/forum/registrations/x');
    expect(malformed.status).toBe(404);
    const session = await browser.get('/forum/sessions/00000000-0000-4000-8000-000000000000');
    expect(session.status).toBe(404);
  });
});

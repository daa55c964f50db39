import {
  BookingStage,
  berlin,
  bookingInput,
  book,
  createBookableRoom,
  createStage,
  futureDay,
} from '../support/booking-factories';
import { registerUser } from '../support/factories';
import { fingerprint, startTestApp, TestApp } from '../support/test-app';
import { WebClient, webClientOf } from '../support/web-client';

/**
 * The pages where organisations request and owners decide, over real HTTP as a browser
 * uses them (forms, 303, cookies), walked as anonymous, member of another organisation,
 * requester, room owner and admin: a page shows only what the API would show that user.
 */
describe('web pages for organisations and owners', () => {
  let app: TestApp;
  let stage: BookingStage;
  let room: { id: string };
  let requester: WebClient;
  let owner: WebClient;
  let outsider: WebClient;
  let admin: WebClient;
  let anonymous: WebClient;

  beforeAll(async () => {
    app = await startTestApp();
    stage = await createStage(app);
    room = await createBookableRoom(app, stage);
    [requester, owner, outsider, admin, anonymous] = await Promise.all([
      webClientOf(app, stage.requester),
      webClientOf(app, stage.owner),
      webClientOf(app, stage.outsider),
      webClientOf(app, stage.admin),
      webClientOf(app),
    ]);
  });
  afterAll(() => app.close());

  it('sends the anonymous to the login page and back', async () => {
    for (const path of [
      '/organizations/mine',
      '/organizations/new',
      '/bookings/mine',
      '/bookings/requests',
    ]) {
      const page = await anonymous.get(path);
      expect(page.status).toBe(303);
      expect(page.location).toBe(`/login?next=${encodeURIComponent(path)}`);
    }
    const refused = await anonymous.post('/organizations/new', { name: 'X', kind: 'other' });
    expect(refused.status).toBe(303);
  });

  it('creates an organisation, re-showing a form with errors with 422 and the input kept', async () => {
    const user = await registerUser(app, { name: 'Ayşe' });
    const browser = await webClientOf(app, user);
    const before = await fingerprint(app.db);
    const wrong = await browser.post('/organizations/new', {
      name: 'A',
      kind: 'association',
      languages: 'deutsch',
      contactEmail: 'not-an-address',
    });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toMatch(/<title>Fehler: /);
    expect(wrong.text).toContain('href="#field-name"');
    expect(wrong.text).toMatch(/id="field-name"[^>]*value="A"[^>]*aria-invalid="true"/);
    expect(wrong.text).toMatch(/id="field-contactEmail"[^>]*value="not-an-address"/);
    expect(await fingerprint(app.db)).toEqual(before);

    const created = await browser.post('/organizations/new', {
      name: 'Elternnetzwerk ملتقى',
      kind: 'association',
      languages: 'de, ar',
      district: '',
      contactEmail: '',
    });
    expect(created.status).toBe(303);
    expect(created.location).toMatch(/^\/organizations\/[0-9a-f-]{36}\/view$/);
    const shown = await browser.get(created.location!);
    expect(shown.status).toBe(200);
    expect(shown.text).toContain('<bdi>Elternnetzwerk ملتقى</bdi>');
    expect(shown.text).toContain('<bdi>Ayşe</bdi>');
    expect(shown.text).toContain('Noch nicht geprüft');
    const list = await browser.get('/organizations/mine');
    expect(list.text).toContain(created.location!);
  });

  it('adds members by e-mail, and shows members only to insiders', async () => {
    const path = `/organizations/${stage.requesterOrganizationId}/view`;
    const invite = `/organizations/${stage.requesterOrganizationId}/invitations`;
    const unknown = await requester.post(invite, {
      email: 'nobody@example.org',
      role: 'member',
    });
    expect(unknown.status).toBe(422);
    expect(unknown.text).toContain('nobody@example.org');
    expect(unknown.text).toContain('href="#field-email"');

    const colleague = await registerUser(app, { name: 'Kollegin' });
    const added = await requester.post(invite, {
      email: colleague.email,
      role: 'member',
    });
    expect(added.status).toBe(303);
    expect((await requester.get(path)).text).toContain('<bdi>Kollegin</bdi>');

    // A member of another organisation sees the public profile, as from the API.
    const foreign = await outsider.get(path);
    expect(foreign.status).toBe(200);
    expect(foreign.text).not.toContain('Kollegin');
    expect(foreign.text).not.toContain(`action="${invite}"`);
    expect((await admin.get(path)).text).toContain('<bdi>Kollegin</bdi>');

    // Only owners add members: a refused form changes nothing.
    const before = await fingerprint(app.db);
    const refused = await outsider.post(invite, {
      email: colleague.email,
      role: 'owner',
    });
    expect(refused.status).toBe(403);
    expect(await fingerprint(app.db)).toEqual(before);
  });

  it('requests a room from a prefilled form, and the owner approves it', async () => {
    const day = futureDay(3, 5); // a Saturday
    const link = `/bookings/new?roomId=${room.id}&startsAt=${encodeURIComponent(berlin(`${day}T10:00`))}&endsAt=${encodeURIComponent(berlin(`${day}T12:00`))}`;
    const form = await requester.get(link);
    expect(form.status).toBe(200);
    expect(form.text).toContain(`value="${day}"`);
    expect(form.text).toContain('value="10:00"');
    expect(form.text).toContain('value="12:00"');

    const sent = await requester.post('/bookings/new', {
      roomId: room.id,
      organizationId: stage.requesterOrganizationId,
      title: 'Elterncafé',
      date: day,
      from: '10:00',
      to: '12:00',
      repeat: 'once',
    });
    expect(sent.status).toBe(303);
    const path = sent.location!.split('?')[0];
    expect(path).toMatch(/^\/bookings\/[0-9a-f-]{36}\/view$/);
    const id = path.split('/')[2];
    const mine = await requester.get(sent.location!);
    expect(mine.text).toContain('Wartet auf Entscheidung');
    expect(mine.text).not.toContain('/decision"');
    expect((await requester.get('/bookings/mine')).text).toContain('Elterncafé');

    // Others never see it; the requester cannot decide it.
    expect((await outsider.get(path)).status).toBe(404);
    expect((await outsider.get('/bookings/mine')).text).not.toContain('Elterncafé');
    const before = await fingerprint(app.db);
    expect((await requester.post(`/bookings/${id}/decision`, { decision: 'approve' })).status).toBe(
      403,
    );
    expect((await outsider.post(`/bookings/${id}/cancellation`, {})).status).toBe(404);
    expect(await fingerprint(app.db)).toEqual(before);

    // The owner finds it among the requests, with what else is asked for that time.
    const hall = await createBookableRoom(app, stage);
    const other = await book(
      app,
      stage.member,
      bookingInput(hall.id, stage.organizationId, berlin(`${day}T11:00`), berlin(`${day}T13:00`)),
    );
    const requests = await owner.get('/bookings/requests');
    expect(requests.text).toContain(path);
    const decide = await owner.get(path);
    expect(decide.text).toContain(`action="/bookings/${id}/decision"`);
    expect(decide.text).toContain(`/bookings/${other.id}/view`);
    const approved = await owner.post(`/bookings/${id}/decision`, {
      decision: 'approve',
      reason: 'Gern!',
    });
    expect(approved.status).toBe(303);
    const seen = await requester.get(path);
    expect(seen.text).toContain('Zugesagt');
    expect(seen.text).toContain('Gern!');
    // Deciding twice is refused on the page, not with a stack.
    const again = await owner.post(`/bookings/${id}/decision`, {
      decision: 'decline',
      reason: 'doch nicht',
    });
    expect(again.status).toBe(422);
    expect(again.text).toContain('href="#field-reason"');
  });

  it("shows a series' conflicts per date before sending, then books the free dates", async () => {
    const first = futureDay(5, 1); // a Tuesday
    const taken = futureDay(6, 1);
    await book(
      app,
      stage.member,
      bookingInput(
        room.id,
        stage.organizationId,
        berlin(`${taken}T18:00`),
        berlin(`${taken}T19:00`),
      ),
    );
    const series = {
      roomId: room.id,
      organizationId: stage.requesterOrganizationId,
      title: 'Sprachkurs',
      date: first,
      from: '17:00',
      to: '19:00',
      repeat: 'weekly',
      until: futureDay(8, 1),
    };
    const before = await fingerprint(app.db);
    const preview = await requester.post('/bookings/new', series);
    expect(preview.status).toBe(409);
    expect(preview.text).toContain('name="partial" value="1"');
    expect(preview.text).toContain('1 Termin ist nicht buchbar');
    // Each date with its reason in words, never a code.
    expect(preview.text).toContain('Der Raum ist zu dieser Zeit schon gebucht oder angefragt.');
    expect(preview.text).not.toContain('SLOT_TAKEN');
    expect(await fingerprint(app.db)).toEqual(before);

    const booked = await requester.post('/bookings/new', { ...series, partial: '1' });
    expect(booked.status).toBe(303);
    const list = await requester.get('/bookings/mine');
    expect(list.text.split('Sprachkurs').length - 1).toBe(3);

    // Cancel the whole series from one of its dates.
    const cancelled = await requester.post(
      booked.location!.replace(/\/view\?.*$/, '/cancellation'),
      {
        scope: 'series',
      },
    );
    expect(cancelled.status).toBe(303);
    expect((await requester.get('/bookings/mine')).text).toContain('Storniert');
  });

  it('shows a refused request on the form with 422', async () => {
    const page = await requester.post('/bookings/new', {
      roomId: room.id,
      organizationId: stage.requesterOrganizationId,
      title: '',
      date: futureDay(3, 2),
      from: '06:00',
      to: '07:00',
      repeat: 'once',
    });
    expect(page.status).toBe(422);
    expect(page.text).toContain('href="#field-title"');
    const closed = await requester.post('/bookings/new', {
      roomId: room.id,
      organizationId: stage.requesterOrganizationId,
      title: 'Früh',
      date: futureDay(3, 2),
      from: '06:00',
      to: '07:00',
      repeat: 'once',
    });
    expect(closed.status).toBe(422);
    expect(closed.text).toContain('href="#field-date"');
    expect(closed.text).toContain('value="Früh"');
  });

  it('refuses forms without a token or from another origin with 403, changing nothing', async () => {
    const fields = {
      roomId: room.id,
      organizationId: stage.requesterOrganizationId,
      title: 'Fremd',
      date: futureDay(4, 3),
      from: '10:00',
      to: '11:00',
      repeat: 'once',
    };
    const before = await fingerprint(app.db);
    expect((await requester.post('/bookings/new', { ...fields, _csrf: '' })).status).toBe(403);
    expect(
      (await requester.post('/bookings/new', fields, { origin: 'https://evil.example' })).status,
    ).toBe(403);
    expect(
      (await requester.post('/organizations/new', { name: 'Fremd', kind: 'other', _csrf: 'x' }))
        .status,
    ).toBe(403);
    expect(await fingerprint(app.db)).toEqual(before);
  });

  it('lists bookings 25 to a page, with links to the earlier and later ones that need no script', async () => {
    const user = await registerUser(app, { name: 'Lena' });
    const browser = await webClientOf(app, user);
    const created = await browser.post('/organizations/new', {
      name: 'Lesekreis am Park',
      kind: 'initiative',
    });
    const organizationId = /\/organizations\/([0-9a-f-]{36})\/view$/.exec(created.location!)![1];
    // Thirty declined requests on thirty days (declined: none holds its slot).
    await app.db.query(
      `INSERT INTO bookings (room_id, organization_id, status, starts_at, ends_at, title)
       SELECT $1, $2, 'declined', now() + make_interval(days => i), now() + make_interval(days => i, hours => 1),
              'Lesung ' || lpad(i::text, 2, '0')
         FROM generate_series(1, 30) AS i`,
      [room.id, organizationId],
    );
    const rows = (text: string) => [...text.matchAll(/<bdi>(Lesung \d+)<\/bdi>/g)].map((m) => m[1]);
    const first = await browser.get('/bookings/mine');
    expect(first.status).toBe(200);
    expect(rows(first.text)).toEqual(
      Array.from({ length: 25 }, (_, i) => `Lesung ${String(i + 1).padStart(2, '0')}`),
    );
    expect(first.text).toContain('30 Buchungen');
    expect(first.text).toContain('Seite 1 von 2');
    expect(first.text).toContain('<a class="kern-link" href="?page=2">Spätere</a>');
    expect(first.text).not.toContain('Frühere');

    const second = await browser.get('/bookings/mine?page=2');
    expect(rows(second.text)).toEqual([
      'Lesung 26',
      'Lesung 27',
      'Lesung 28',
      'Lesung 29',
      'Lesung 30',
    ]);
    expect(second.text).toContain('<a class="kern-link" href="?page=1">Frühere</a>');
    expect(second.text).not.toContain('Spätere');

    // Past the end: no rows, not "no bookings", and the way back; nonsense is the first page.
    const beyond = await browser.get('/bookings/mine?page=7');
    expect(rows(beyond.text)).toEqual([]);
    expect(beyond.text).not.toContain('Keine aktuellen Buchungen');
    expect(beyond.text).toContain('href="?page=2">Frühere</a>');
    expect(rows((await browser.get('/bookings/mine?page=-1')).text)).toHaveLength(25);

    // The filter by organisation stays in the pager's links.
    const filtered = await browser.get(`/bookings/mine?organizationId=${organizationId}`);
    expect(filtered.text).toContain(`href="?organizationId=${organizationId}&amp;page=2"`);
  });
});

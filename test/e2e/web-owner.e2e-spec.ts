import { berlin, book, bookingInput, futureDay } from '../support/booking-factories';
import { createRoom, createVenue, verifyOrganization } from '../support/catalogue-factories';
import { Cast, createCast } from '../support/factories';
import { fingerprint, startTestApp, TestApp } from '../support/test-app';
import { WebClient, webClientOf } from '../support/web-client';

/**
 * The room owners' pages (venues, rooms, opening hours, closures) and the private feed
 * links, over real HTTP as a browser uses them, walked as anonymous, member of another
 * organisation, owner and admin: a page shows and changes only what the API would let
 * that user see and change.
 */
describe('web pages for room owners and feed links', () => {
  let app: TestApp;
  let cast: Cast;
  let owner: WebClient;
  let member: WebClient;
  let outsider: WebClient;
  let admin: WebClient;
  let anonymous: WebClient;
  let venueId: string;
  let roomId: string;

  /** Posts a form and asserts that nothing in the database changed. */
  async function refused(
    browser: WebClient,
    path: string,
    fields: Record<string, string>,
    status: number,
  ): Promise<string> {
    const before = await fingerprint(app.db);
    const reply = await browser.post(path, fields);
    expect({ path, status: reply.status }).toEqual({ path, status });
    expect(await fingerprint(app.db)).toEqual(before);
    return reply.text;
  }

  const ROOM = {
    name: 'Großer Saal',
    description: 'Hell, mit Blick in den Garten.',
    capacity: '60',
    areaSqm: '85,5',
    features: 'kitchen',
    stepFree: 'on',
    photos: 'https://example.org/saal-1.jpg\nhttps://example.org/saal-2.jpg',
    priceKind: 'hourly',
    priceAmount: '12,50',
    timeZone: 'Europe/Berlin',
    active: 'on',
    approval: 'manual',
    minDurationMinutes: '60',
    maxDurationMinutes: '300',
    leadTimeHours: '48',
    horizonDays: '120',
    bufferMinutes: '15',
    monthlyHoursPerOrganization: '20',
    requestExpiryHours: '72',
  };

  beforeAll(async () => {
    // No mail worker or jobs: their writes would show in the fingerprints.
    app = await startTestApp({ JOB_INTERVAL_SECONDS: '0', MAIL_INTERVAL_SECONDS: '0' });
    cast = await createCast(app);
    // Verified by the agency, so that its rooms reach the public catalogue.
    await verifyOrganization(app, cast.organizationId);
    [owner, member, outsider, admin, anonymous] = await Promise.all([
      webClientOf(app, cast.owner),
      webClientOf(app, cast.member),
      webClientOf(app, cast.outsider),
      webClientOf(app, cast.admin),
      webClientOf(app),
    ]);
  });
  afterAll(() => app.close());

  it('sends the anonymous to the login page', async () => {
    for (const path of ['/owner/venues', '/owner/venues/new', '/feeds']) {
      const page = await anonymous.get(path);
      expect(page.status).toBe(303);
      expect(page.location).toBe(`/login?next=${encodeURIComponent(path)}`);
    }
    await refused(anonymous, '/owner/venues/new', { name: 'Fremd' }, 303);
  });

  it('creates and changes a venue, re-showing a form with errors with 422 and the input kept', async () => {
    const form = await owner.get(`/owner/venues/new?organizationId=${cast.organizationId}`);
    expect(form.status).toBe(200);
    expect(form.text).toMatch(new RegExp(`value="${cast.organizationId}" selected`));
    const wrong = await refused(
      owner,
      '/owner/venues/new',
      {
        organizationId: cast.organizationId,
        name: 'Bürgerhaus Süd',
        street: 'Hauptstraße 1',
        postalCode: '123',
        city: 'Heidelberg',
        district: '',
      },
      422,
    );
    expect(wrong).toMatch(/<title>Fehler: /);
    expect(wrong).toContain('href="#field-postalCode"');
    expect(wrong).toContain('href="#field-district"');
    expect(wrong).toMatch(/id="field-postalCode"[^>]*value="123"[^>]*aria-invalid="true"/);
    expect(wrong).toMatch(/id="field-street"[^>]*value="Hauptstraße 1"/);

    const created = await owner.post('/owner/venues/new', {
      organizationId: cast.organizationId,
      name: 'Bürgerhaus Süd',
      street: 'Hauptstraße 1',
      postalCode: '69117',
      city: 'Heidelberg',
      district: 'Altstadt',
      accessibilityNotes: 'Rampe am Seiteneingang.',
    });
    expect(created.status).toBe(303);
    expect(created.location).toMatch(/^\/owner\/venues\/[0-9a-f-]{36}$/);
    venueId = created.location!.split('/')[3];
    const api = (await app.get(`/api/venues/${venueId}`)).body;
    expect(api).toMatchObject({
      organizationId: cast.organizationId,
      name: 'Bürgerhaus Süd',
      address: { street: 'Hauptstraße 1', postalCode: '69117', city: 'Heidelberg' },
      accessibilityNotes: 'Rampe am Seiteneingang.',
    });

    const changed = await owner.post(`/owner/venues/${venueId}`, {
      name: 'Bürgerhaus Altstadt',
      street: 'Hauptstraße 1',
      postalCode: '69117',
      city: 'Heidelberg',
      district: 'Altstadt',
    });
    expect(changed.status).toBe(303);
    expect(changed.location).toBe(`/owner/venues/${venueId}?saved=1`);
    expect((await app.get(`/api/venues/${venueId}`)).body).toMatchObject({
      name: 'Bürgerhaus Altstadt',
      accessibilityNotes: null,
    });
    const list = await member.get('/owner/venues');
    expect(list.text).toContain('<bdi>Bürgerhaus Altstadt</bdi>');
    expect(list.text).toContain('href="/bookings/requests"');
    expect((await outsider.get('/owner/venues')).text).not.toContain('Bürgerhaus Altstadt');
  });

  it('creates a room with features, photos, price and policy, and changes it', async () => {
    const path = `/owner/venues/${venueId}/rooms/new`;
    expect((await owner.get(path)).status).toBe(200);
    const wrong = await refused(
      owner,
      path,
      { ...ROOM, capacity: '0', photos: 'kein Link', priceAmount: '' },
      422,
    );
    expect(wrong).toContain('href="#field-capacity"');
    expect(wrong).toContain('href="#field-photos"');
    expect(wrong).toMatch(/id="field-name"[^>]*value="Großer Saal"/);
    expect(wrong).toContain('>kein Link</textarea>');
    // The service's own rule (an hourly price needs an amount) is shown on its field too.
    const noAmount = await refused(owner, path, { ...ROOM, priceAmount: '' }, 422);
    expect(noAmount).toContain('href="#field-priceAmount"');
    expect(noAmount).toMatch(/id="feature-kitchen"[^>]*checked/);

    const created = await owner.post(path, ROOM);
    expect(created.status).toBe(303);
    expect(created.location).toMatch(/^\/owner\/rooms\/[0-9a-f-]{36}\?saved=1$/);
    roomId = created.location!.split('/')[3].split('?')[0];
    const api = (await app.get(`/api/rooms/${roomId}`)).body;
    expect(api).toMatchObject({
      venueId,
      name: 'Großer Saal',
      capacity: 60,
      areaSqm: 85.5,
      features: ['kitchen'],
      accessibility: { stepFree: true, accessibleToilet: false, hearingLoop: false },
      photos: ['https://example.org/saal-1.jpg', 'https://example.org/saal-2.jpg'],
      price: { kind: 'hourly', amountCents: 1250, currency: 'EUR' },
      active: true,
      policy: {
        approval: 'manual',
        minDurationMinutes: 60,
        maxDurationMinutes: 300,
        leadTimeHours: 48,
        horizonDays: 120,
        bufferMinutes: 15,
        monthlyHoursPerOrganization: 20,
        requiresVerifiedOrganization: false,
      },
    });
    const edit = await owner.get(`/owner/rooms/${roomId}`);
    expect(edit.text).toMatch(/id="field-priceAmount"[^>]*value="12.50"/);
    expect(edit.text).toContain(`href="/owner/rooms/${roomId}/hours"`);

    // Shortest longer than longest: the service's rule, on the field, nothing changed.
    const inverted = await refused(
      owner,
      `/owner/rooms/${roomId}`,
      { ...ROOM, minDurationMinutes: '400' },
      422,
    );
    expect(inverted).toContain('href="#field-maxDurationMinutes"');
    expect(inverted).toMatch(/id="field-minDurationMinutes"[^>]*value="400"/);

    // Unchecked boxes and empty fields are not posted: inactive, no monthly limit.
    const hidden: Record<string, string> = { ...ROOM };
    delete hidden.active;
    delete hidden.monthlyHoursPerOrganization;
    const changed = await member.post(`/owner/rooms/${roomId}`, {
      ...hidden,
      priceKind: 'free',
      priceAmount: '',
      features: 'projector',
    });
    expect(changed.status).toBe(303);
    expect(
      (await app.get(`/api/rooms/${roomId}`, { token: cast.member.token })).body,
    ).toMatchObject({
      active: false,
      features: ['projector'],
      price: { kind: 'free', amountCents: null },
      policy: { monthlyHoursPerOrganization: null },
    });
    // An inactive room is hidden from others, by the API and by the pages.
    expect((await app.get(`/api/rooms/${roomId}`, { token: cast.outsider.token })).status).toBe(
      404,
    );
    expect((await outsider.get(`/owner/rooms/${roomId}`)).status).toBe(404);
    expect((await admin.get(`/owner/rooms/${roomId}`)).status).toBe(200);
    expect((await owner.post(`/owner/rooms/${roomId}`, ROOM)).status).toBe(303);
  });

  it('sets the weekly opening hours from a date, keeping what held before', async () => {
    const path = `/owner/rooms/${roomId}/hours`;
    const wrong = await refused(
      owner,
      path,
      { 'opens-1-0': '09:00', 'closes-1-0': '13:00', 'opens-1-1': '12:00', 'closes-1-1': '25:00' },
      422,
    );
    expect(wrong).toContain('href="#field-closes-1-1"');
    expect(wrong).toMatch(/id="field-closes-1-1"[^>]*value="25:00"/);
    const overlapping = await refused(
      owner,
      path,
      { 'opens-1-0': '09:00', 'closes-1-0': '13:00', 'opens-1-1': '12:00', 'closes-1-1': '14:00' },
      422,
    );
    expect(overlapping).toContain('href="#field-opens-1-1"');

    const week = {
      'opens-1-0': '09:00',
      'closes-1-0': '13:00',
      'opens-1-1': '14:00',
      'closes-1-1': '18:00',
      'opens-6-0': '10:00',
      'closes-6-0': '24:00',
    };
    const saved = await owner.post(path, week);
    expect(saved.status).toBe(303);
    expect((await app.get(`/api/rooms/${roomId}`)).body.openingHours).toEqual([
      { weekday: 1, opens: '09:00', closes: '13:00' },
      { weekday: 1, opens: '14:00', closes: '18:00' },
      { weekday: 6, opens: '10:00', closes: '24:00' },
    ]);
    const later = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    expect(
      (await owner.post(path, { validFrom: later, 'opens-2-0': '08:00', 'closes-2-0': '12:00' }))
        .status,
    ).toBe(303);
    const page = await owner.get(path);
    expect(page.text).toMatch(/id="field-opens-6-0"[^>]*value="10:00"/);
    expect(page.text).toContain('Dienstag: 08:00–12:00');
    expect(page.text).toContain('Montag: 09:00–13:00');
    // A date in the past is the service's refusal, on its field.
    const past = await refused(owner, path, { validFrom: '2020-01-01', ...week }, 422);
    expect(past).toContain('href="#field-validFrom"');
  });

  it('adds and removes closures', async () => {
    const path = `/owner/rooms/${roomId}/closures`;
    const day = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    const wrong = await refused(
      owner,
      path,
      { startDate: day, startTime: '12:00', endDate: day, endTime: '10:00', reason: 'Putz' },
      422,
    );
    expect(wrong).toContain('href="#field-endDate"');
    expect(wrong).toMatch(/id="field-reason"[^>]*value="Putz"/);
    const added = await owner.post(path, {
      startDate: day,
      startTime: '00:00',
      endDate: day,
      endTime: '24:00',
      reason: 'Grundreinigung',
    });
    expect(added.status).toBe(303);
    const closures = (await app.get(`/api/rooms/${roomId}/closures`, { token: cast.owner.token }))
      .body.items;
    expect(closures).toHaveLength(1);
    expect(closures[0].reason).toBe('Grundreinigung');
    const page = await member.get(path);
    expect(page.text).toContain('<bdi>Grundreinigung</bdi>');

    // Others can neither see the owners' page nor remove the closure.
    const remove = `${path}/${closures[0].id}/delete`;
    expect((await outsider.get(path)).status).toBe(403);
    await refused(outsider, remove, {}, 403);
    await refused(owner, remove, { _csrf: 'wrong' }, 403);
    expect((await owner.post(remove, {})).status).toBe(303);
    expect(
      (await app.get(`/api/rooms/${roomId}/closures`, { token: cast.owner.token })).body.total,
    ).toBe(0);
  });

  it("refuses the owners' forms to others with 403 and without a token, changing nothing", async () => {
    const venue = {
      name: 'Fremd',
      street: 'Weg 1',
      postalCode: '69117',
      city: 'Heidelberg',
      district: 'Altstadt',
    };
    expect((await outsider.get(`/owner/venues/${venueId}`)).status).toBe(403);
    expect((await outsider.get(`/owner/venues/${venueId}/rooms/new`)).status).toBe(403);
    expect((await outsider.get(`/owner/rooms/${roomId}/hours`)).status).toBe(403);
    await refused(outsider, `/owner/venues/${venueId}`, venue, 403);
    await refused(outsider, `/owner/venues/${venueId}/rooms/new`, ROOM, 403);
    await refused(outsider, `/owner/rooms/${roomId}`, ROOM, 403);
    await refused(outsider, `/owner/rooms/${roomId}/hours`, { 'opens-1-0': '08:00' }, 403);
    await refused(
      outsider,
      '/owner/venues/new',
      { ...venue, organizationId: cast.organizationId },
      403,
    );
    for (const [path, fields] of [
      ['/owner/venues/new', { ...venue, organizationId: cast.organizationId }],
      [`/owner/venues/${venueId}`, venue],
      [`/owner/venues/${venueId}/rooms/new`, ROOM],
      [`/owner/rooms/${roomId}`, ROOM],
      [`/owner/rooms/${roomId}/hours`, { 'opens-1-0': '08:00', 'closes-1-0': '09:00' }],
      [
        `/owner/rooms/${roomId}/closures`,
        { startDate: '2030-01-01', startTime: '00:00', endDate: '2030-01-02', endTime: '00:00' },
      ],
      ['/feeds', { feed: `owner:${cast.organizationId}` }],
    ] as [string, Record<string, string>][]) {
      await refused(owner, path, { ...fields, _csrf: '' }, 403);
    }
    // The admin acts for every organisation, as in the API.
    expect((await admin.get(`/owner/venues/${venueId}`)).status).toBe(200);
  });

  it('creates a private feed link shown once, which works until it is revoked', async () => {
    const other = await createVenue(app, cast.owner, cast.organizationId, { name: 'Gemeindehaus' });
    await createRoom(app, cast.owner, other.id, { name: 'Kleiner Raum' });
    const form = await owner.get('/feeds');
    expect(form.text).toContain(`value="owner:${cast.organizationId}"`);
    expect(form.text).not.toContain('/api/calendar/feeds/');
    await refused(owner, '/feeds', { feed: 'everything' }, 422);

    const created = await owner.post('/feeds', { feed: `owner:${cast.organizationId}` });
    expect(created.status).toBe(303);
    expect(created.location).toBe('/feeds');
    const shown = await owner.get('/feeds');
    const url = /(http[^<"\s]+\/api\/calendar\/feeds\/[\w-]{43}\.ics)/.exec(shown.text)![1];
    // The link names the public URL; the test's server listens elsewhere.
    const read = () => fetch(app.url + new URL(url).pathname);
    expect(shown.text).toContain('Buchungen in den Räumen von');
    const feed = await read();
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toMatch(/text\/calendar/);
    // Shown once: the next visit lists the link without its secret.
    const again = await owner.get('/feeds');
    expect(again.text).not.toContain(url);
    const id = /action="\/feeds\/([0-9a-f-]{36})\/revoke"/.exec(again.text)![1];

    // A link for an organisation one is not in, and someone else's link, are refused.
    await refused(outsider, '/feeds', { feed: `owner:${cast.organizationId}` }, 403);
    await refused(outsider, `/feeds/${id}/revoke`, {}, 404);
    expect((await outsider.get('/feeds')).text).not.toContain(id);
    expect((await member.get('/feeds')).text).not.toContain(id);

    expect((await owner.post(`/feeds/${id}/revoke`, {})).status).toBe(303);
    expect((await read()).status).toBe(404);
    expect((await owner.get('/feeds')).text).not.toContain(id);
  });

  it("names the room, its venue and the requesting organisation in the owners' list", async () => {
    const day = futureDay(2, 0); // a Monday, open 09:00–13:00
    const organization = (
      await app.get('/api/organizations?mine=true', {
        token: cast.outsider.token,
      })
    ).body.items[0];
    const booked = await book(
      app,
      cast.outsider,
      bookingInput(roomId, organization.id, berlin(`${day}T10:00`), berlin(`${day}T12:00`)),
    );
    const requests = await owner.get('/bookings/requests');
    expect(requests.text).toContain(`/bookings/${booked.id}/view`);
    expect(requests.text).toContain('<bdi>Großer Saal</bdi> (<bdi>Bürgerhaus Altstadt</bdi>)');
    expect(requests.text).toContain(`<bdi>${organization.name}</bdi>`);
    expect(requests.text).toContain('href="/owner/venues"');
    const mine = await outsider.get('/bookings/mine');
    expect(mine.text).toContain('<bdi>Großer Saal</bdi>');
  });

  it('shows the owners and staff their links in the header', async () => {
    const page = await owner.get('/owner/venues');
    expect(page.text).toContain('href="/owner/venues" aria-current="page"');
    expect(page.text).not.toContain('href="/staff/organizations"');
    expect((await admin.get('/')).text).toContain('href="/staff/organizations"');
  });

  it('shows every owner page in Arabic, right to left', async () => {
    // The account's language wins over the browser's.
    const patched = await app.patch('/api/me', { locale: 'ar' }, { token: cast.member.token });
    expect(patched.status).toBe(200);
    const arabic = member;
    for (const path of [
      '/owner/venues',
      `/owner/venues/${venueId}`,
      `/owner/venues/${venueId}/rooms/new`,
      `/owner/rooms/${roomId}`,
      `/owner/rooms/${roomId}/hours`,
      `/owner/rooms/${roomId}/closures`,
      '/feeds',
    ]) {
      const page = await arabic.get(path);
      expect({ path, status: page.status }).toEqual({ path, status: 200 });
      expect(page.text).toContain('<html lang="ar" dir="rtl">');
    }
  });
});

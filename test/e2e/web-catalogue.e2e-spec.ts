import { createRoom, venueInput } from '../support/catalogue-factories';
import { createOrganization, registerUser, TestUser } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { WebClient } from '../support/web-client';
import { roomWithWeek } from '../support/web-fixtures';

/** The public pages: the catalogue with the API's filters, a room with its week. */
describe('web catalogue pages', () => {
  let app: TestApp;
  let room: any;
  /** A room of the same venue without opening hours. */
  let bare: any;
  /** A room of an organisation the agency has not verified yet. */
  let unverified: any;
  let unverifiedOwner: TestUser;
  beforeAll(async () => {
    app = await startTestApp();
    room = await roomWithWeek(app);
    bare = await createRoom(app, room.owner, room.venue.id, { name: 'Raum ohne Zeiten' });
    const owner = (unverifiedOwner = await registerUser(app));
    const organization = await createOrganization(app, owner);
    const venue = await app.post('/api/venues', venueInput(organization.id), {
      token: owner.token,
    });
    unverified = await createRoom(app, owner, venue.body.id, { name: 'Saal Unbestätigt' });
  });
  afterAll(() => app.close());

  it('lists rooms with filters and finds one free on Saturday 10–12', async () => {
    const browser = new WebClient(app.url);
    const all = await browser.get('/rooms');
    expect(all.status).toBe(200);
    // Not the room of the organisation no admin has verified yet.
    expect(all.text).toContain('2 Räume gefunden');
    expect(all.text).toContain(`href="/rooms/${room.id}"`);
    expect(all.text).not.toContain(unverified.id);
    expect((await browser.get(`/rooms/${unverified.id}`)).status).toBe(404);
    // The room without opening hours is listed, and says it cannot be requested yet.
    const card = all.text.slice(all.text.indexOf(`href="/rooms/${bare.id}"`));
    expect(card.slice(0, card.indexOf('</li>'))).toContain(
      'Noch keine Öffnungszeiten: Dieser Raum kann noch nicht angefragt werden.',
    );
    const saturday = nextSaturday();
    const free = await browser.get(
      `/rooms?freeFrom=${saturday}T10%3A00&freeTo=${saturday}T12%3A00&stepFree=on&capacityMin=10`,
    );
    // The room's page opens at that Saturday's week.
    expect(free.text).toContain(`href="/rooms/${room.id}?week=${saturday}#week"`);
    expect(free.text).not.toContain(bare.id);
    const none = await browser.get('/rooms?capacityMin=500');
    expect(none.text).toContain('Kein Raum gefunden');
  });

  it('shows filter errors as a form with errors', async () => {
    const reply = await new WebClient(app.url).get('/rooms?capacityMin=many&freeFrom=tomorrow');
    expect(reply.status).toBe(422);
    expect(reply.text).toContain('<title>Fehler: Raum finden');
    expect(reply.text).toContain('href="#field-capacityMin"');
    expect(reply.text).toContain('value="many"');
  });

  it('shows a room with an accessible week table and prefilled request links', async () => {
    const saturday = nextSaturday();
    const reply = await new WebClient(app.url).get(`/rooms/${room.id}?week=${saturday}`);
    expect(reply.status).toBe(200);
    expect(reply.text).toContain('<bdi>Saal Vielfalt</bdi>');
    // Features by their names, never their codes.
    expect(reply.text).toContain('WLAN, Stühle');
    expect(reply.text).not.toContain('wifi');
    expect(reply.text).toContain('<caption>Saal Vielfalt: freie und belegte Zeiten');
    expect(reply.text).toMatch(/<th scope="col">Sa\., \d+\.\d+\.<\/th>/);
    expect(reply.text).toContain('<th scope="row">10:00</th>');
    expect(reply.text).toMatch(/Saal Vielfalt anfragen am Samstag, \d+\. \w+ \d{4}, 10:00–11:00/);
    expect(reply.text).toContain(`/bookings/new?roomId=${room.id}&amp;startsAt=`);
    expect(reply.text).toContain(`/api/calendar/rooms/${room.id}.ics`);
    expect(reply.text).toMatch(/href="\/rooms\/[\w-]+\?week=\d{4}-\d{2}-\d{2}#week"/);
  });

  it('offers no request for hours the booking rules would refuse now: beyond the horizon', async () => {
    // The room takes requests up to 365 days ahead (the default policy).
    const later = new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10);
    const page = await new WebClient(app.url).get(`/rooms/${room.id}?week=${later}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<td class="rfe-slot-closed">noch nicht</td>');
    expect(page.text).not.toContain('/bookings/new?');
  });

  it('offers no time of a room without opening hours', async () => {
    const page = await new WebClient(app.url).get(`/rooms/${bare.id}?week=${nextSaturday()}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(
      'Noch keine Öffnungszeiten: Dieser Raum kann noch nicht angefragt werden.',
    );
    expect(page.text).not.toContain('/bookings/new?');
    expect(page.text).not.toContain('rfe-slot-free');
    const from = new Date(Date.now() + 86_400_000).toISOString();
    const to = new Date(Date.now() + 8 * 86_400_000).toISOString();
    const availability = await app.get(`/api/rooms/${bare.id}/availability?from=${from}&to=${to}`);
    expect(availability.status).toBe(200);
    expect(availability.body).toMatchObject({ open: [], busy: [], free: [] });
  });

  it('tells the organisation of a room the public does not see why', async () => {
    const browser = new WebClient(app.url);
    await browser.get('/login');
    const login = await browser.post('/login', {
      email: unverifiedOwner.email,
      password: unverifiedOwner.password,
    });
    expect(login.status).toBe(303);
    const notice = 'Nur Ihre Organisation und die Freiwilligenagentur sehen diesen Raum';
    const own = await browser.get(`/rooms/${unverified.id}`);
    expect(own.status).toBe(200);
    expect(own.text).toContain(notice);
    expect((await browser.get(`/rooms/${room.id}`)).text).not.toContain(notice);
  });

  it('answers an unknown room with a 404 page', async () => {
    const reply = await new WebClient(app.url, 'en').get(
      '/rooms/00000000-0000-4000-8000-000000000000',
    );
    expect(reply.status).toBe(404);
    expect(reply.text).toContain('<html lang="en"');
  });
});

/** The date (yyyy-mm-dd) of next week's Saturday, Berlin time: inside every room's horizon. */
export function nextSaturday(now = new Date()): string {
  const date = new Date(now.getTime() + 7 * 86_400_000);
  date.setUTCDate(date.getUTCDate() + ((6 - date.getUTCDay() + 7) % 7));
  return date.toISOString().slice(0, 10);
}

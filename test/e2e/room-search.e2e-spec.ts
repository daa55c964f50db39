import {
  Caller,
  CALLERS,
  createRoom,
  createVenue,
  errorFields,
  setOpeningHours,
  tokenOf,
} from '../support/catalogue-factories';
import { Cast, createCast, createOrganization, registerUser } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * A small catalogue of its own (each test file has its own database), so that every search
 * has one exact answer.
 */
describe('room search', () => {
  let app: TestApp;
  let cast: Cast;
  let otherOrganizationId: string;
  const venues: Record<'bergheim' | 'vitus' | 'zentrum', string> = {} as never;

  beforeAll(async () => {
    app = await startTestApp();
    cast = await createCast(app);
    const otherOwner = await registerUser(app);
    otherOrganizationId = (await createOrganization(app, otherOwner)).id;

    venues.bergheim = (
      await createVenue(app, cast.owner, cast.organizationId, {
        name: 'Stadtteilzentrum Bergheim',
        district: 'Bergheim',
        description: 'Offener Treff im Stadtteil',
      })
    ).id;
    venues.vitus = (
      await createVenue(app, cast.owner, cast.organizationId, {
        name: 'Gemeindehaus St. Vitus',
        district: 'Handschuhsheim',
        description: 'Evangelische Gemeinde mit großem Garten',
      })
    ).id;
    venues.zentrum = (
      await createVenue(app, otherOwner, otherOrganizationId, {
        name: 'Interkulturelles Zentrum',
        district: 'Altstadt',
        description: 'A community centre for all cultures',
      })
    ).id;

    const cafe = await createRoom(app, cast.owner, venues.bergheim, {
      name: 'Café International',
      description: 'Gemütliches Café mit großer Küche',
      capacity: 40,
      features: ['kitchen', 'wifi'],
      accessibility: { stepFree: true, accessibleToilet: true, hearingLoop: false },
    });
    await setOpeningHours(app, cast.owner, cafe.id, [
      { weekday: 3, opens: '15:00', closes: '20:00' },
    ]);
    await createRoom(app, cast.owner, venues.bergheim, {
      name: 'Seminarraum',
      description: 'Ruhiger Raum für Kurse',
      capacity: 16,
      features: ['projector', 'whiteboard', 'wifi'],
      accessibility: { stepFree: true, accessibleToilet: false, hearingLoop: true },
    });
    await createRoom(app, cast.owner, venues.vitus, {
      name: 'Saal',
      description: 'Festsaal der Gemeinde für Feiern',
      capacity: 120,
      features: ['stage', 'piano', 'kitchen', 'sound_system'],
      accessibility: { stepFree: false, accessibleToilet: false, hearingLoop: false },
    });
    await createRoom(app, cast.owner, venues.vitus, {
      name: 'Jugendraum',
      description: null,
      capacity: 25,
      features: ['sports_equipment'],
      accessibility: { stepFree: false, accessibleToilet: false, hearingLoop: false },
    });
    await createRoom(app, cast.owner, venues.vitus, {
      name: 'Probenraum',
      description: 'Raum mit Klavier',
      capacity: 12,
      features: ['piano'],
      active: false,
    });
    await createRoom(app, otherOwner, venues.zentrum, {
      name: 'Workshop room',
      description: 'Bright room for workshops, with a coffee machine',
      capacity: 30,
      features: ['flipchart', 'video_conferencing'],
      accessibility: { stepFree: true, accessibleToilet: true, hearingLoop: true },
    });
  });
  afterAll(() => app.close());

  const search = async (query: string, caller: Caller = 'anonymous') => {
    const reply = await app.get(`/api/rooms${query ? `?${query}` : ''}`, {
      token: tokenOf(cast, caller),
    });
    expect(reply.status).toBe(200);
    return reply.body as { items: any[]; total: number; limit: number; offset: number };
  };
  const names = async (query: string, caller: Caller = 'anonymous') =>
    (await search(query, caller)).items.map((room) => room.name);

  it('lists the active catalogue by name, with venue and opening hours', async () => {
    const all = await search('');
    expect(all).toMatchObject({ total: 5, limit: 20, offset: 0 });
    expect(all.items.map((room) => room.name)).toEqual([
      'Café International',
      'Jugendraum',
      'Saal',
      'Seminarraum',
      'Workshop room',
    ]);
    expect(all.items[0]).toMatchObject({
      venue: {
        id: venues.bergheim,
        name: 'Stadtteilzentrum Bergheim',
        district: 'Bergheim',
        organizationId: cast.organizationId,
        address: { street: expect.any(String), postalCode: '69115', city: 'Heidelberg' },
      },
      accessibility: { stepFree: true, accessibleToilet: true, hearingLoop: false },
      price: { kind: 'free', amountCents: null, currency: null },
      policy: expect.objectContaining({ approval: 'manual' }),
      openingHours: [{ weekday: 3, opens: '15:00', closes: '20:00' }],
    });
  });

  it.each([
    ['anonymous', 5],
    ['outsider', 5],
    ['member', 6],
    ['owner', 6],
    ['admin', 6],
  ] as [Caller, number][])(
    'shows inactive rooms only to insiders: %s sees %i',
    async (caller, total) => {
      const found = await search('', caller);
      expect(found.total).toBe(total);
      expect(found.items.some((room) => room.name === 'Probenraum')).toBe(total === 6);
    },
  );

  it('filters inactive rooms on request, within what the caller may see', async () => {
    expect(await names('active=false', 'member')).toEqual(['Probenraum']);
    expect(await names('active=false')).toEqual([]);
    expect((await search('active=true', 'admin')).total).toBe(5);
  });

  it.each([
    ['capacityMin=30', ['Café International', 'Saal', 'Workshop room']],
    ['capacityMin=121', []],
    ['features=kitchen', ['Café International', 'Saal']],
    ['features=kitchen,wifi', ['Café International']],
    ['features=wifi&features=projector', ['Seminarraum']],
    ['features=piano', ['Saal']],
    ['stepFree=true', ['Café International', 'Seminarraum', 'Workshop room']],
    ['stepFree=false', ['Jugendraum', 'Saal']],
    ['accessibleToilet=true', ['Café International', 'Workshop room']],
    ['hearingLoop=1', ['Seminarraum', 'Workshop room']],
    ['district=bergheim', ['Café International', 'Seminarraum']],
    ['district=HANDSCHUHSHEIM', ['Jugendraum', 'Saal']],
    ['district=Weststadt', []],
  ])('filters by %s', async (query, expected) => {
    expect(await names(query)).toEqual(expected);
  });

  it('filters by venue and by organisation', async () => {
    expect(await names(`venueId=${venues.vitus}`)).toEqual(['Jugendraum', 'Saal']);
    expect(await names(`organizationId=${otherOrganizationId}`)).toEqual(['Workshop room']);
    expect(await names(`organizationId=${cast.organizationId}`, 'member')).toHaveLength(5);
  });

  it('combines filters', async () => {
    expect(await names('district=Bergheim&features=wifi&capacityMin=20')).toEqual([
      'Café International',
    ]);
    expect(await names('stepFree=true&hearingLoop=true&capacityMin=20')).toEqual(['Workshop room']);
    expect(await names(`venueId=${venues.vitus}&features=piano`, 'member')).toEqual([
      'Probenraum',
      'Saal',
    ]);
    expect(await names('features=kitchen&stepFree=false&district=handschuhsheim')).toEqual([
      'Saal',
    ]);
  });

  it.each([
    ['Küche', ['Café International']],
    ['Küchen', ['Café International']],
    ['kitchen', ['Café International', 'Saal']],
    ['Feiern', ['Saal']],
    ['Kursen', ['Seminarraum']],
    ['gemütlich', ['Café International']],
    ['workshops', ['Workshop room']],
    ['cultures', ['Workshop room']],
    ['Kurse', ['Seminarraum']],
    ['kitchen -stage', ['Café International']],
    ['"großer Küche"', ['Café International']],
    ['Klavier', []],
    ['und', []],
    ["'&|!:*()", []],
  ])('finds free text %s in German or English', async (q, expected) => {
    expect(await names(`q=${encodeURIComponent(q)}`)).toEqual(expected);
  });

  it('finds rooms by the words of their venue, best matches first', async () => {
    // "Gemeinde" is in the Saal's own description and in both rooms' venue; the venue alone
    // brings up the Jugendraum, after the Saal although it comes first by name.
    expect(await names('q=Gemeinde')).toEqual(['Saal', 'Jugendraum']);
    expect(await names('q=Garten')).toEqual(['Jugendraum', 'Saal']);
    expect(await names('q=Klavier', 'member')).toEqual(['Probenraum']);
  });

  it('pages through the results with the total of all', async () => {
    const first = await search('limit=2');
    expect(first).toMatchObject({ total: 5, limit: 2, offset: 0 });
    expect(first.items.map((room) => room.name)).toEqual(['Café International', 'Jugendraum']);
    const last = await search('limit=2&offset=4');
    expect(last).toMatchObject({ total: 5, limit: 2, offset: 4 });
    expect(last.items.map((room) => room.name)).toEqual(['Workshop room']);
    const beyond = await search('offset=10');
    expect(beyond).toMatchObject({ total: 5, items: [] });
    const filtered = await search('q=kitchen&limit=1&offset=1');
    expect(filtered).toMatchObject({ total: 2, limit: 1, offset: 1 });
    expect(filtered.items.map((room) => room.name)).toEqual(['Saal']);
  });

  it('lets anyone search, with or without login', async () => {
    for (const caller of CALLERS) {
      expect((await search('features=kitchen', caller)).total).toBe(2);
    }
    const forged = await app.get('/api/rooms', { token: 'not-a-token' });
    expect(forged.status).toBe(401);
  });

  it('refuses bad filters, naming each', async () => {
    const reply = await app.get(
      '/api/rooms?capacityMin=0&features=kitchen,jacuzzi&stepFree=vielleicht&venueId=abc&limit=0&colour=red',
      { headers: { 'accept-language': 'en' } },
    );
    expect(reply.status).toBe(400);
    expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(reply.body.title).toBe('Invalid input');
    expect(errorFields(reply)).toEqual([
      'capacityMin',
      'colour',
      'features',
      'limit',
      'stepFree',
      'venueId',
    ]);
    const wrongType = await app.get('/api/rooms?capacityMin=viele&organizationId=1');
    expect(errorFields(wrongType)).toEqual(['capacityMin', 'organizationId']);
  });
});

import { randomUUID } from 'node:crypto';
import {
  CALLERS,
  Caller,
  createRoom,
  createVenue,
  errorFields,
  expectedStatus,
  tokenOf,
  venueInput,
  verifyOrganization,
} from '../support/catalogue-factories';
import { Cast, createCast, createOrganization, registerUser } from '../support/factories';
import { expectUnchanged, Reply, startTestApp, TestApp } from '../support/test-app';

describe('venues', () => {
  let app: TestApp;
  let cast: Cast;

  beforeAll(async () => {
    app = await startTestApp();
    cast = await createCast(app);
  });
  afterAll(() => app.close());

  it('creates a venue and shows it to anyone', async () => {
    const created = await app.post(
      '/api/venues',
      venueInput(cast.organizationId, {
        name: '  Interkulturelles Zentrum  ',
        description: 'Treffpunkt für Vereine in der Altstadt.',
        district: 'Altstadt',
      }),
      { token: cast.member.token },
    );
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      organizationId: cast.organizationId,
      name: 'Interkulturelles Zentrum',
      address: { street: 'Bergheimer Straße 147', postalCode: '69115', city: 'Heidelberg' },
      district: 'Altstadt',
      accessibilityNotes: 'Eingang über den Hof, Aufzug vorhanden.',
      description: 'Treffpunkt für Vereine in der Altstadt.',
      inKindHourlyRateCents: null,
      createdAt: expect.stringMatching(/Z$/),
      updatedAt: expect.stringMatching(/Z$/),
    });

    // Shown to anyone once the agency has verified the organisation.
    expect((await app.get(`/api/venues/${created.body.id}`)).status).toBe(404);
    await verifyOrganization(app, cast.organizationId);
    const read = await app.get(`/api/venues/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  it('lists venues by organisation, district (any case) and words, with a total', async () => {
    const owner = await registerUser(app);
    const organization = await createOrganization(app, owner);
    const names = ['Alte Feuerwache', 'Bürgerhaus Emmertsgrund', 'Caritas-Zentrum'];
    await createVenue(app, owner, organization.id, {
      name: names[1],
      district: 'Emmertsgrund',
      description: 'Großer Saal mit Bühne',
    });
    await createVenue(app, owner, organization.id, { name: names[2], district: 'Rohrbach' });
    await createVenue(app, owner, organization.id, { name: names[0], district: 'Emmertsgrund' });
    const list = async (query: string) => {
      const reply = await app.get(`/api/venues?${query}`);
      expect(reply.status).toBe(200);
      return reply;
    };

    const all = await list(`organizationId=${organization.id}`);
    expect(all.body).toMatchObject({ total: 3, limit: 20, offset: 0 });
    expect(all.body.items.map((venue: { name: string }) => venue.name)).toEqual(names);

    const paged = await list(`organizationId=${organization.id}&limit=2&offset=2`);
    expect(paged.body).toMatchObject({ total: 3, limit: 2, offset: 2 });
    expect(paged.body.items.map((venue: { name: string }) => venue.name)).toEqual([names[2]]);

    const district = await list(`organizationId=${organization.id}&district=EMMERTSGRUND`);
    expect(district.body.items.map((venue: { name: string }) => venue.name)).toEqual([
      names[0],
      names[1],
    ]);

    const words = await list(`organizationId=${organization.id}&q=Bühnen`);
    expect(words.body.items.map((venue: { name: string }) => venue.name)).toEqual([names[1]]);
  });

  it('changes only the fields sent, the address part by part', async () => {
    const venue = await createVenue(app, cast.owner, cast.organizationId, {
      description: 'Alt',
    });
    const changed = await app.patch(
      `/api/venues/${venue.id}`,
      { address: { street: 'Kirchstraße 2' }, description: null, district: 'Weststadt' },
      { token: cast.owner.token },
    );
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({
      ...venue,
      address: { ...venue.address, street: 'Kirchstraße 2' },
      description: null,
      district: 'Weststadt',
      updatedAt: expect.any(String),
    });
    expect(Date.parse(changed.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(venue.updatedAt));

    const unchanged = await app.patch(`/api/venues/${venue.id}`, {}, { token: cast.owner.token });
    expect(unchanged.status).toBe(200);
    expect(unchanged.body.address).toEqual(changed.body.address);
  });

  it('deletes a venue without rooms, and refuses one with rooms (409, rooms listed)', async () => {
    const empty = await createVenue(app, cast.owner, cast.organizationId);
    const deleted = await app.delete(`/api/venues/${empty.id}`, { token: cast.owner.token });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect((await app.get(`/api/venues/${empty.id}`)).status).toBe(404);

    const busy = await createVenue(app, cast.owner, cast.organizationId);
    const room = await createRoom(app, cast.owner, busy.id, { name: 'Saal' });
    const refused = await expectUnchanged(app.db, () =>
      app.delete(`/api/venues/${busy.id}`, {
        token: cast.owner.token,
        headers: { 'accept-language': 'en' },
      }),
    );
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({
      type: '/problems/venue-has-rooms',
      title: 'Venue still has rooms',
      detail: expect.stringContaining('1 room'),
      conflicts: [{ roomId: room.id, name: 'Saal' }],
    });
  });

  describe('who may do what', () => {
    const actions: { name: string; success: number }[] = [
      { name: 'create', success: 201 },
      { name: 'update', success: 200 },
      { name: 'delete', success: 204 },
    ];
    const call = (action: string, id: string, token: string | undefined): Promise<Reply> => {
      if (action === 'create') {
        return app.post('/api/venues', venueInput(cast.organizationId), { token });
      }
      if (action === 'update') {
        return app.patch(`/api/venues/${id}`, { district: 'Neuenheim' }, { token });
      }
      return app.delete(`/api/venues/${id}`, { token });
    };

    it.each(
      actions.flatMap((action) =>
        CALLERS.map((caller) => [action.name, caller, expectedStatus(caller, action.success)]),
      ) as [string, Caller, number][],
    )('%s by %s → %i', async (name, caller, status) => {
      const id =
        name === 'create' ? '' : (await createVenue(app, cast.owner, cast.organizationId)).id;
      const act = () => call(name, id, tokenOf(cast, caller));
      const reply = status >= 400 ? await expectUnchanged(app.db, act) : await act();
      expect(reply.status).toBe(status);
      if (status >= 400) {
        expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      } else if (name === 'update') {
        expect(reply.body.district).toBe('Neuenheim');
      } else if (name === 'create') {
        expect(reply.body.organizationId).toBe(cast.organizationId);
      } else {
        expect((await app.get(`/api/venues/${id}`)).status).toBe(404);
      }
    });

    it('lets anyone read venues, logged in or not', async () => {
      const venue = await createVenue(app, cast.owner, cast.organizationId);
      for (const caller of CALLERS) {
        const reply = await app.get(`/api/venues/${venue.id}`, { token: tokenOf(cast, caller) });
        expect(reply.status).toBe(200);
        expect(reply.body.id).toBe(venue.id);
      }
      expect((await app.get('/api/venues')).status).toBe(200);
    });

    it("hides an unverified organisation's venues from outsiders, as its rooms", async () => {
      const owner = await registerUser(app);
      const organization = await createOrganization(app, owner);
      const venue = await createVenue(app, owner, organization.id, { name: 'Haus Ungeprüft' });
      const verify = (verified: boolean) =>
        app.post(
          `/api/organizations/${organization.id}/verify`,
          { verified },
          { token: cast.admin.token },
        );
      const seen = async (token?: string) => {
        const one = await app.get(`/api/venues/${venue.id}`, { token });
        const list = await app.get(`/api/venues?organizationId=${organization.id}`, { token });
        return [one.status, list.body.total];
      };
      expect(await seen()).toEqual([200, 1]);
      expect((await verify(false)).status).toBe(200);
      expect(await seen()).toEqual([404, 0]);
      expect(await seen(cast.outsider.token)).toEqual([404, 0]);
      expect(await seen(owner.token)).toEqual([200, 1]);
      expect(await seen(cast.admin.token)).toEqual([200, 1]);
      const hidden = await app.get(`/api/venues/${venue.id}`);
      expect(hidden.body.type).toBe('/problems/venue-not-found');
      expect((await verify(true)).status).toBe(200);
      expect(await seen()).toEqual([200, 1]);
    });

    it('answers 404 for an organisation that does not exist, also to admins', async () => {
      const reply = await expectUnchanged(app.db, () =>
        app.post('/api/venues', venueInput(randomUUID()), { token: cast.admin.token }),
      );
      expect(reply.status).toBe(404);
      expect(reply.body.type).toBe('/problems/organization-not-found');
    });
  });

  describe('bad input changes nothing', () => {
    const createCases: [string, Record<string, unknown>, string[]][] = [
      ['an unknown field', { capacity: 10 }, ['capacity']],
      [
        'an unknown address field',
        {
          address: {
            street: 'Hauptstr. 1',
            postalCode: '69117',
            city: 'Heidelberg',
            country: 'DE',
          },
        },
        ['address.country'],
      ],
      ['a missing address', { address: undefined }, ['address']],
      ['an address that is text', { address: 'Hauptstraße 1' }, ['address']],
      [
        'a postal code that is not German',
        { address: { street: 'Hauptstr. 1', postalCode: '1234', city: 'Heidelberg' } },
        ['address.postalCode'],
      ],
      ['wrong types', { name: 42, district: ['Altstadt'] }, ['district', 'name']],
      ['a name too short', { name: 'X' }, ['name']],
      ['an organisation id that is no UUID', { organizationId: 'verein-1' }, ['organizationId']],
      ['an empty district', { district: '   ' }, ['district']],
    ];

    it.each(createCases)('refuses %s on create', async (_label, change, fields) => {
      const reply = await expectUnchanged(app.db, () =>
        app.post('/api/venues', venueInput(cast.organizationId, change), {
          token: cast.member.token,
        }),
      );
      expect(reply.status).toBe(400);
      expect(reply.body.type).toBe('/problems/validation-failed');
      expect(new Set(errorFields(reply))).toEqual(new Set(fields));
    });

    const updateCases: [string, Record<string, unknown>, string[]][] = [
      ['a new owner organisation', { organizationId: randomUUID() }, ['organizationId']],
      ['a name set to null', { name: null }, ['name']],
      ['an address part set to null', { address: { city: null } }, ['address.city']],
      ['an unknown address field', { address: { floor: 2 } }, ['address.floor']],
      ['an unknown field', { rooms: [] }, ['rooms']],
    ];

    it.each(updateCases)('refuses %s on update', async (_label, change, fields) => {
      const venue = await createVenue(app, cast.owner, cast.organizationId);
      const reply = await expectUnchanged(app.db, () =>
        app.patch(`/api/venues/${venue.id}`, change, { token: cast.owner.token }),
      );
      expect(reply.status).toBe(400);
      expect(errorFields(reply)).toEqual(fields);
    });

    it('answers 400 for a malformed id and 404 for an unknown one', async () => {
      for (const act of [
        () => app.get('/api/venues/123'),
        () => app.patch('/api/venues/123', { district: 'Altstadt' }, { token: cast.owner.token }),
        () => app.delete('/api/venues/123', { token: cast.owner.token }),
      ]) {
        const reply = await expectUnchanged(app.db, act);
        expect(reply.status).toBe(400);
        expect(reply.body.errors).toEqual([{ field: 'id', message: 'Das ist keine gültige ID.' }]);
      }
      const unknown = randomUUID();
      for (const act of [
        () => app.get(`/api/venues/${unknown}`),
        () => app.patch(`/api/venues/${unknown}`, { district: 'X' }, { token: cast.admin.token }),
        () => app.delete(`/api/venues/${unknown}`, { token: cast.admin.token }),
      ]) {
        const reply = await expectUnchanged(app.db, act);
        expect(reply.status).toBe(404);
        expect(reply.body).toMatchObject({
          type: '/problems/venue-not-found',
          title: 'Ort nicht gefunden',
        });
      }
    });

    it('refuses bad list filters', async () => {
      const reply = await app.get('/api/venues?organizationId=abc&limit=500&colour=red');
      expect(reply.status).toBe(400);
      expect(errorFields(reply)).toEqual(['colour', 'limit', 'organizationId']);
    });
  });
});

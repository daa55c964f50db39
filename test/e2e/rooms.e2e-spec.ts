import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import {
  CALLERS,
  Caller,
  createRoom,
  createVenue,
  errorFields,
  expectedStatus,
  roomInput,
  setOpeningHours,
  tokenOf,
  venueInput,
} from '../support/catalogue-factories';
import { addMember, Cast, createCast, createOrganization } from '../support/factories';
import { expectUnchanged, Reply, startTestApp, TestApp } from '../support/test-app';

const DEFAULT_POLICY = {
  approval: 'manual',
  minDurationMinutes: 30,
  maxDurationMinutes: 480,
  leadTimeHours: 24,
  horizonDays: 365,
  bufferMinutes: 0,
  monthlyHoursPerOrganization: null,
  requestExpiryHours: 72,
  requiresVerifiedOrganization: false,
};

describe('rooms', () => {
  let app: TestApp;
  let cast: Cast;
  let venue: any;

  beforeAll(async () => {
    app = await startTestApp();
    cast = await createCast(app);
    venue = await createVenue(app, cast.owner, cast.organizationId, {
      name: 'Bürgerhaus Bergheim',
      district: 'Bergheim',
    });
  });
  afterAll(() => app.close());

  it('creates a room with every field and shows it with venue, policy and hours', async () => {
    const input = {
      venueId: venue.id,
      name: 'Großer Saal',
      description: 'Saal mit Küche und Bühne',
      capacity: 120,
      areaSqm: 180.5,
      features: ['kitchen', 'stage', 'projector'],
      accessibility: { stepFree: true, accessibleToilet: true, hearingLoop: false },
      photos: ['https://example.org/saal.jpg', 'http://example.org/buehne.png'],
      price: { kind: 'hourly', amountCents: 1500, currency: 'EUR' },
      timeZone: 'Europe/Berlin',
      active: true,
      policy: {
        approval: 'automatic',
        minDurationMinutes: 60,
        maxDurationMinutes: 720,
        leadTimeHours: 48,
        horizonDays: 180,
        bufferMinutes: 30,
        monthlyHoursPerOrganization: 20,
        requestExpiryHours: 96,
        requiresVerifiedOrganization: true,
      },
    };
    const created = await app.post('/api/rooms', input, { token: cast.member.token });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      venue: {
        id: venue.id,
        name: 'Bürgerhaus Bergheim',
        address: venue.address,
        district: 'Bergheim',
        organizationId: cast.organizationId,
      },
      ...input,
      listed: true,
      openingHours: [],
      createdAt: expect.stringMatching(/Z$/),
      updatedAt: expect.stringMatching(/Z$/),
    });

    await setOpeningHours(app, cast.member, created.body.id, [
      { weekday: 6, opens: '10:00', closes: '22:00' },
      { weekday: 1, opens: '09:00', closes: '13:00' },
    ]);
    const read = await app.get(`/api/rooms/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual({
      ...created.body,
      openingHours: [
        { weekday: 1, opens: '09:00', closes: '13:00' },
        { weekday: 6, opens: '10:00', closes: '22:00' },
      ],
    });
  });

  it('fills in what is left out: free, Berlin time, active, default policy', async () => {
    const created = await app.post(
      '/api/rooms',
      { venueId: venue.id, name: 'Besprechungsraum', capacity: 8 },
      { token: cast.owner.token },
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      description: null,
      areaSqm: null,
      features: [],
      photos: [],
      accessibility: { stepFree: false, accessibleToilet: false, hearingLoop: false },
      price: { kind: 'free', amountCents: null, currency: null },
      timeZone: 'Europe/Berlin',
      active: true,
      policy: DEFAULT_POLICY,
      openingHours: [],
    });
  });

  it('takes a suggested donation in euros and a zone in any letter case', async () => {
    const created = await createRoom(app, cast.owner, venue.id, {
      price: { kind: 'donation', amountCents: 500 },
      timeZone: 'america/new_york',
      policy: { bufferMinutes: 15 },
    });
    expect(created.price).toEqual({ kind: 'donation', amountCents: 500, currency: 'EUR' });
    expect(created.timeZone).toBe('America/New_York');
    expect(created.policy).toEqual({ ...DEFAULT_POLICY, bufferMinutes: 15 });
  });

  it('changes only what is sent; nested objects field by field', async () => {
    const room = await createRoom(app, cast.owner, venue.id, {
      description: 'Alt',
      areaSqm: 40,
      price: { kind: 'hourly', amountCents: 1000, currency: 'EUR' },
      policy: { bufferMinutes: 15, monthlyHoursPerOrganization: 10 },
    });
    const patch = (body: unknown) =>
      app.patch(`/api/rooms/${room.id}`, body, { token: cast.member.token });

    const first = await patch({
      capacity: 25,
      description: null,
      accessibility: { hearingLoop: true },
      policy: { leadTimeHours: 0, monthlyHoursPerOrganization: null },
      price: { amountCents: 1200 },
    });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      ...room,
      capacity: 25,
      description: null,
      accessibility: { ...room.accessibility, hearingLoop: true },
      policy: {
        ...DEFAULT_POLICY,
        bufferMinutes: 15,
        leadTimeHours: 0,
        monthlyHoursPerOrganization: null,
      },
      price: { kind: 'hourly', amountCents: 1200, currency: 'EUR' },
      updatedAt: expect.any(String),
    });

    const free = await patch({ price: { kind: 'free' } });
    expect(free.body.price).toEqual({ kind: 'free', amountCents: null, currency: null });

    const inactive = await patch({ active: false, features: ['piano'], photos: [] });
    expect(inactive.body).toMatchObject({ active: false, features: ['piano'], photos: [] });

    const nothing = await expectUnchanged(app.db, () => patch({}));
    expect(nothing.status).toBe(200);
    expect(nothing.body).toEqual(inactive.body);
  });

  it('deletes a room with its opening hours and closures', async () => {
    const room = await createRoom(app, cast.owner, venue.id);
    await setOpeningHours(app, cast.owner, room.id);
    await app.post(
      `/api/rooms/${room.id}/closures`,
      { startsAt: '2026-12-24T00:00:00+01:00', endsAt: '2026-12-27T00:00:00+01:00' },
      { token: cast.owner.token },
    );
    const deleted = await app.delete(`/api/rooms/${room.id}`, { token: cast.admin.token });
    expect(deleted.status).toBe(204);
    expect((await app.get(`/api/rooms/${room.id}`)).status).toBe(404);
    const [left] = await app.db.query(
      `SELECT (SELECT count(*) FROM room_opening_hours WHERE room_id = $1)::int AS hours,
              (SELECT count(*) FROM room_closures WHERE room_id = $1)::int AS closures`,
      [room.id],
    );
    expect(left).toEqual({ hours: 0, closures: 0 });
  });

  it('shows an inactive room only to its organisation and admins', async () => {
    const room = await createRoom(app, cast.owner, venue.id, { active: false });
    const status = async (caller: Caller) =>
      (await app.get(`/api/rooms/${room.id}`, { token: tokenOf(cast, caller) })).status;
    expect(await status('anonymous')).toBe(404);
    expect(await status('outsider')).toBe(404);
    expect(await status('member')).toBe(200);
    expect(await status('owner')).toBe(200);
    expect(await status('admin')).toBe(200);

    const hidden = await app.get(`/api/rooms/${room.id}`, { headers: { 'accept-language': 'en' } });
    expect(hidden.body).toMatchObject({
      type: '/problems/room-not-found',
      title: 'Room not found',
    });
    const outsiderChange = await expectUnchanged(app.db, () =>
      app.patch(`/api/rooms/${room.id}`, { active: true }, { token: cast.outsider.token }),
    );
    expect(outsiderChange.status).toBe(404);
  });

  it('hides the rooms of an organisation not yet verified from all but its members and admins', async () => {
    // A venue of a new organisation, which the agency has not verified yet.
    const organization = await createOrganization(app, cast.owner);
    await addMember(app, organization.id, cast.owner, cast.member);
    const created = await app.post('/api/venues', venueInput(organization.id), {
      token: cast.owner.token,
    });
    expect(created.status).toBe(201);
    const room = await createRoom(app, cast.owner, created.body.id, {
      policy: { leadTimeHours: 0 },
    });
    await setOpeningHours(app, cast.owner, room.id, [
      { weekday: 1, opens: '08:00', closes: '20:00' },
    ]);
    const requester = await createOrganization(app, cast.outsider);
    const monday = DateTime.now().setZone('Europe/Berlin').startOf('week').plus({ weeks: 2 });
    const window = `freeFrom=${encodeURIComponent(monday.set({ hour: 10 }).toISO()!)}&freeTo=${encodeURIComponent(monday.set({ hour: 11 }).toISO()!)}`;
    const request = {
      roomId: room.id,
      organizationId: requester.id,
      startsAt: monday.set({ hour: 10 }).toISO(),
      endsAt: monday.set({ hour: 11 }).toISO(),
      title: 'Elterncafé',
    };
    const from = encodeURIComponent(monday.toISO()!);
    const to = encodeURIComponent(monday.plus({ days: 1 }).toISO()!);
    // Every public way to a room, each answering as if there were none.
    const seen = async (caller: Caller) => {
      const token = tokenOf(cast, caller);
      const answers = await Promise.all(
        [
          `/api/rooms/${room.id}`,
          `/api/rooms/${room.id}/opening-hours`,
          `/api/rooms/${room.id}/closures`,
          `/api/rooms/${room.id}/availability?from=${from}&to=${to}`,
          `/api/calendar/rooms/${room.id}.ics`,
          `/rooms/${room.id}`,
        ].map(async (path) => (await app.get(path, { token })).status),
      );
      const found = await Promise.all(
        [
          `/api/rooms?venueId=${created.body.id}`,
          `/api/rooms?venueId=${created.body.id}&${window}`,
        ].map(async (path) => (await app.get(path, { token })).body.total as number),
      );
      return [...answers, ...found];
    };
    const hidden = [404, 404, 404, 404, 404, 404, 0, 0];
    expect(await seen('anonymous')).toEqual(hidden);
    expect(await seen('outsider')).toEqual(hidden);
    // The room page is a web page: its owners and admins are signed in there, not by token.
    for (const caller of ['member', 'owner', 'admin'] as const) {
      expect(await seen(caller)).toEqual([200, 200, 200, 200, 404, 404, 1, 1]);
    }
    // Its own see that the public does not, in the room and in the search (with a window too).
    const listed = async (caller: Caller) => {
      const token = tokenOf(cast, caller);
      return [
        (await app.get(`/api/rooms/${room.id}`, { token })).body.listed,
        ...(await Promise.all(
          [`venueId=${created.body.id}`, `venueId=${created.body.id}&${window}`].map(
            async (query) => (await app.get(`/api/rooms?${query}`, { token })).body.items[0].listed,
          ),
        )),
      ];
    };
    expect(await listed('member')).toEqual([false, false, false]);
    const refused = await expectUnchanged(app.db, () =>
      app.post('/api/bookings', request, { token: cast.outsider.token }),
    );
    expect(refused.status).toBe(404);
    expect(refused.body.type).toBe('/problems/room-not-found');

    const verified = await app.post(
      `/api/organizations/${organization.id}/verify`,
      { verified: true },
      { token: cast.admin.token },
    );
    expect(verified.status).toBe(200);
    expect(await seen('anonymous')).toEqual([200, 200, 200, 200, 200, 200, 1, 1]);
    expect(await listed('anonymous')).toEqual([true, true, true]);
    const booked = await app.post('/api/bookings', request, { token: cast.outsider.token });
    expect(booked.status).toBe(201);
    // Withdrawn, the room is hidden again, its feed included.
    await app.post(
      `/api/organizations/${organization.id}/verify`,
      { verified: false },
      { token: cast.admin.token },
    );
    expect(await seen('anonymous')).toEqual(hidden);
  });

  it('lists the features with labels in the language asked for', async () => {
    const german = await app.get('/api/rooms/features');
    expect(german.status).toBe(200);
    expect(german.body).toContainEqual({ key: 'kitchen', label: 'Küche' });
    expect(german.body).toHaveLength(25);
    const english = await app.get('/api/rooms/features', {
      headers: { 'accept-language': 'en-GB' },
    });
    expect(english.body).toContainEqual({ key: 'kitchen', label: 'Kitchen' });
    expect(english.body.every((feature: { label: string }) => !feature.label.includes('.'))).toBe(
      true,
    );
  });

  describe('who may do what', () => {
    const actions: { name: string; success: number }[] = [
      { name: 'create', success: 201 },
      { name: 'update', success: 200 },
      { name: 'delete', success: 204 },
    ];
    const call = (action: string, id: string, token: string | undefined): Promise<Reply> => {
      if (action === 'create') return app.post('/api/rooms', roomInput(venue.id), { token });
      if (action === 'update') return app.patch(`/api/rooms/${id}`, { capacity: 33 }, { token });
      return app.delete(`/api/rooms/${id}`, { token });
    };

    it.each(
      actions.flatMap((action) =>
        CALLERS.map((caller) => [action.name, caller, expectedStatus(caller, action.success)]),
      ) as [string, Caller, number][],
    )('%s by %s → %i', async (name, caller, status) => {
      const id = name === 'create' ? '' : (await createRoom(app, cast.owner, venue.id)).id;
      const act = () => call(name, id, tokenOf(cast, caller));
      const reply = status >= 400 ? await expectUnchanged(app.db, act) : await act();
      expect(reply.status).toBe(status);
      if (status >= 400) {
        expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      } else if (name === 'create') {
        expect(reply.body.venue.organizationId).toBe(cast.organizationId);
      } else if (name === 'update') {
        expect(reply.body.capacity).toBe(33);
      } else {
        expect((await app.get(`/api/rooms/${id}`)).status).toBe(404);
      }
    });

    it('answers 404 for a venue that does not exist', async () => {
      const reply = await expectUnchanged(app.db, () =>
        app.post('/api/rooms', roomInput(randomUUID()), { token: cast.admin.token }),
      );
      expect(reply.status).toBe(404);
      expect(reply.body.type).toBe('/problems/venue-not-found');
    });
  });

  describe('bad input changes nothing', () => {
    const createCases: [string, Record<string, unknown>, string[]][] = [
      ['an unknown field', { rating: 5 }, ['rating']],
      ['an unknown policy field', { policy: { deposit: 100 } }, ['policy.deposit']],
      ['an unknown price field', { price: { kind: 'free', vat: 19 } }, ['price.vat']],
      [
        'an unknown accessibility field',
        { accessibility: { elevator: true } },
        ['accessibility.elevator'],
      ],
      [
        'wrong types',
        { capacity: 'zehn', features: 'kitchen', active: 'yes', policy: 'strict' },
        ['active', 'capacity', 'features', 'policy'],
      ],
      ['a capacity of zero', { capacity: 0 }, ['capacity']],
      ['a negative capacity', { capacity: -5 }, ['capacity']],
      ['a capacity that is no whole number', { capacity: 2.5 }, ['capacity']],
      ['a missing capacity', { capacity: undefined }, ['capacity']],
      ['an unknown time zone', { timeZone: 'Mars/Olympus_Mons' }, ['timeZone']],
      ['a feature not in the list', { features: ['kitchen', 'jacuzzi'] }, ['features']],
      ['a feature given twice', { features: ['wifi', 'wifi'] }, ['features']],
      ['a photo that is no web address', { photos: ['ftp://example.org/a.jpg'] }, ['photos']],
      [
        'too many photos',
        { photos: Array.from({ length: 21 }, (_, i) => `https://example.org/${i}.jpg`) },
        ['photos'],
      ],
      ['an hourly price without amount', { price: { kind: 'hourly' } }, ['price.amountCents']],
      [
        'a free room with a price',
        { price: { kind: 'free', amountCents: 500, currency: 'EUR' } },
        ['price.amountCents'],
      ],
      ['an unknown price kind', { price: { kind: 'barter' } }, ['price.kind']],
      [
        'a currency that is not one',
        { price: { kind: 'hourly', amountCents: 1, currency: 'EURO' } },
        ['price.currency'],
      ],
      [
        'a minimum duration above the maximum',
        { policy: { minDurationMinutes: 120, maxDurationMinutes: 60 } },
        ['policy.maxDurationMinutes'],
      ],
      [
        'a minimum duration above the default maximum',
        { policy: { minDurationMinutes: 600 } },
        ['policy.minDurationMinutes'],
      ],
      ['a policy of null', { policy: null }, ['policy']],
      ['an area with two decimals', { areaSqm: 12.25 }, ['areaSqm']],
      ['a venue id that is no UUID', { venueId: 'saal' }, ['venueId']],
    ];

    it.each(createCases)('refuses %s on create', async (_label, change, fields) => {
      const reply = await expectUnchanged(app.db, () =>
        app.post('/api/rooms', roomInput(venue.id, change), { token: cast.member.token }),
      );
      expect(reply.status).toBe(400);
      expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(reply.body.type).toBe('/problems/validation-failed');
      expect(errorFields(reply)).toEqual(fields);
    });

    const updateCases: [string, Record<string, unknown>, string[]][] = [
      ['a capacity of null', { capacity: null }, ['capacity']],
      ['a name of null', { name: null }, ['name']],
      [
        'a step-free flag of null',
        { accessibility: { stepFree: null } },
        ['accessibility.stepFree'],
      ],
      ['moving the room to another venue', { venueId: randomUUID() }, ['venueId']],
      ['an hourly price without amount', { price: { kind: 'hourly' } }, ['price.amountCents']],
      [
        'a maximum below the stored minimum',
        { policy: { maxDurationMinutes: 10 } },
        ['policy.maxDurationMinutes'],
      ],
      ['an unknown time zone', { timeZone: 'Berlin' }, ['timeZone']],
      ['an unknown nested field', { policy: { approval: 'manual', vip: true } }, ['policy.vip']],
    ];

    it.each(updateCases)('refuses %s on update', async (_label, change, fields) => {
      const room = await createRoom(app, cast.owner, venue.id, {
        policy: { minDurationMinutes: 60 },
      });
      const reply = await expectUnchanged(app.db, () =>
        app.patch(`/api/rooms/${room.id}`, change, { token: cast.owner.token }),
      );
      expect(reply.status).toBe(400);
      expect(errorFields(reply)).toEqual(fields);
    });

    it('explains in the language asked for', async () => {
      const body = roomInput(venue.id, {
        capacity: -1,
        timeZone: 'Mitteleuropa',
        price: { kind: 'free', amountCents: 100 },
      });
      const english = await app.post('/api/rooms', body, {
        token: cast.member.token,
        headers: { 'accept-language': 'en' },
      });
      expect(english.body.errors).toEqual([
        { field: 'capacity', message: 'The value must be at least 1.' },
        { field: 'timeZone', message: 'We do not know this time zone. Example: Europe/Berlin.' },
      ]);
      const german = await app.post(
        '/api/rooms',
        roomInput(venue.id, { price: { kind: 'free', amountCents: 100 } }),
        { token: cast.member.token },
      );
      expect(german.body.errors).toEqual([
        {
          field: 'price.amountCents',
          message: 'Ein kostenloser Raum hat keinen Preis. Bitte lassen Sie den Betrag weg.',
        },
      ]);
    });

    it('answers 400 for a malformed id and 404 for an unknown one', async () => {
      for (const act of [
        () => app.get('/api/rooms/kleiner-saal'),
        () => app.patch('/api/rooms/kleiner-saal', { capacity: 2 }, { token: cast.owner.token }),
        () => app.delete('/api/rooms/kleiner-saal', { token: cast.owner.token }),
      ]) {
        const reply = await expectUnchanged(app.db, act);
        expect(reply.status).toBe(400);
        expect(errorFields(reply)).toEqual(['id']);
      }
      const unknown = randomUUID();
      for (const act of [
        () => app.get(`/api/rooms/${unknown}`),
        () => app.patch(`/api/rooms/${unknown}`, { capacity: 2 }, { token: cast.admin.token }),
        () => app.delete(`/api/rooms/${unknown}`, { token: cast.admin.token }),
      ]) {
        const reply = await expectUnchanged(app.db, act);
        expect(reply.status).toBe(404);
        expect(reply.body.type).toBe('/problems/room-not-found');
      }
    });
  });
});

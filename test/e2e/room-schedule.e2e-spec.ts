import { randomUUID } from 'node:crypto';
import {
  addClosure,
  CALLERS,
  Caller,
  createRoom,
  createVenue,
  errorFields,
  expectedStatus,
  setOpeningHours,
  tokenOf,
  WORKING_WEEK,
} from '../support/catalogue-factories';
import { Cast, createCast } from '../support/factories';
import { expectUnchanged, Reply, startTestApp, TestApp } from '../support/test-app';

describe('opening hours and closures', () => {
  let app: TestApp;
  let cast: Cast;
  let venueId: string;

  beforeAll(async () => {
    app = await startTestApp();
    cast = await createCast(app);
    venueId = (await createVenue(app, cast.owner, cast.organizationId)).id;
  });
  afterAll(() => app.close());

  const newRoom = async (overrides: Record<string, unknown> = {}) =>
    (await createRoom(app, cast.owner, venueId, overrides)).id as string;

  describe('opening hours', () => {
    it('replaces the whole week and gives it back ordered by day and time', async () => {
      const roomId = await newRoom();
      const put = await app.put(
        `/api/rooms/${roomId}/opening-hours`,
        [
          { weekday: 7, opens: '00:00', closes: '24:00' },
          { weekday: 2, opens: '14:00', closes: '18:30' },
          { weekday: 2, opens: '09:00', closes: '14:00' },
        ],
        { token: cast.member.token },
      );
      expect(put.status).toBe(200);
      const week = [
        { weekday: 2, opens: '09:00', closes: '14:00' },
        { weekday: 2, opens: '14:00', closes: '18:30' },
        { weekday: 7, opens: '00:00', closes: '24:00' },
      ];
      expect(put.body).toEqual(week);

      const read = await app.get(`/api/rooms/${roomId}/opening-hours`);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(week);
      expect((await app.get(`/api/rooms/${roomId}`)).body.openingHours).toEqual(week);

      const replaced = await setOpeningHours(app, cast.member, roomId, [
        { weekday: 1, opens: '18:00', closes: '21:00' },
      ]);
      expect(replaced).toEqual([{ weekday: 1, opens: '18:00', closes: '21:00' }]);

      const closed = await setOpeningHours(app, cast.member, roomId, []);
      expect(closed).toEqual([]);
      expect((await app.get(`/api/rooms/${roomId}/opening-hours`)).body).toEqual([]);
    });

    it('starts a new week from a date and keeps the old one for the dates before', async () => {
      const roomId = await newRoom();
      const monday = (opens: string, closes: string) => [{ weekday: 1, opens, closes }];
      await setOpeningHours(app, cast.member, roomId, monday('09:00', '13:00'));
      const later = await app.put(
        `/api/rooms/${roomId}/opening-hours?validFrom=2027-03-08`,
        monday('14:00', '18:00'),
        { token: cast.member.token },
      );
      expect(later.status).toBe(200);
      expect(later.body).toEqual(monday('14:00', '18:00'));
      // Today the first week still holds.
      expect((await app.get(`/api/rooms/${roomId}/opening-hours`)).body).toEqual(
        monday('09:00', '13:00'),
      );
      // Mondays 1 and 8 March 2027 (CET): one of each week.
      const open = await app.get(
        `/api/rooms/${roomId}/availability?from=2027-03-01T00:00:00Z&to=2027-03-09T00:00:00Z`,
      );
      expect(open.body.open).toEqual([
        { startsAt: '2027-03-01T08:00:00.000Z', endsAt: '2027-03-01T12:00:00.000Z' },
        { startsAt: '2027-03-08T13:00:00.000Z', endsAt: '2027-03-08T17:00:00.000Z' },
      ]);
      // A week set again for the same date replaces the one set for it before.
      await app.put(
        `/api/rooms/${roomId}/opening-hours?validFrom=2027-03-08`,
        monday('15:00', '16:00'),
        {
          token: cast.member.token,
        },
      );
      const [{ rows }] = await app.db.query(
        `SELECT count(*)::int AS rows FROM room_opening_hours WHERE room_id = $1`,
        [roomId],
      );
      expect(rows).toBe(2);

      const past = await expectUnchanged(app.db, () =>
        app.put(
          `/api/rooms/${roomId}/opening-hours?validFrom=2020-01-06`,
          monday('09:00', '10:00'),
          {
            token: cast.member.token,
          },
        ),
      );
      expect(past.status).toBe(400);
      expect(errorFields(past)).toEqual(['validFrom']);
      const nonsense = await app.put(
        `/api/rooms/${roomId}/opening-hours?validFrom=2027-02-30`,
        monday('09:00', '10:00'),
        { token: cast.member.token },
      );
      expect(nonsense.status).toBe(400);
    });

    it('keeps the opening hours of an inactive room from outsiders', async () => {
      const roomId = await newRoom({ active: false });
      await setOpeningHours(app, cast.owner, roomId);
      expect((await app.get(`/api/rooms/${roomId}/opening-hours`)).status).toBe(404);
      const member = await app.get(`/api/rooms/${roomId}/opening-hours`, {
        token: cast.member.token,
      });
      expect(member.body).toHaveLength(WORKING_WEEK.length);
    });

    const badWeeks: [string, unknown, string[]][] = [
      [
        'an interval that closes before it opens',
        [
          { weekday: 1, opens: '09:00', closes: '12:00' },
          { weekday: 1, opens: '18:00', closes: '08:00' },
        ],
        ['[1].closes'],
      ],
      [
        'an interval that closes as it opens',
        [{ weekday: 3, opens: '10:00', closes: '10:00' }],
        ['[0].closes'],
      ],
      [
        'overlapping intervals on one day',
        [
          { weekday: 4, opens: '09:00', closes: '13:00' },
          { weekday: 5, opens: '09:00', closes: '13:00' },
          { weekday: 4, opens: '12:00', closes: '16:00' },
        ],
        ['[2].opens'],
      ],
      ['a weekday 0', [{ weekday: 0, opens: '09:00', closes: '12:00' }], ['[0].weekday']],
      ['a weekday 8', [{ weekday: 8, opens: '09:00', closes: '12:00' }], ['[0].weekday']],
      [
        'a weekday as text',
        [{ weekday: 'Montag', opens: '09:00', closes: '12:00' }],
        ['[0].weekday'],
      ],
      [
        'a time without leading zero',
        [{ weekday: 1, opens: '9:00', closes: '12:00' }],
        ['[0].opens'],
      ],
      ['a time after midnight', [{ weekday: 1, opens: '09:00', closes: '24:30' }], ['[0].closes']],
      ['a missing time', [{ weekday: 1, opens: '09:00' }], ['[0].closes']],
      [
        'an unknown field in an interval',
        [{ weekday: 1, opens: '09:00', closes: '12:00', note: 'Chor' }],
        ['[0].note'],
      ],
      [
        'an interval that is no object',
        [{ weekday: 1, opens: '09:00', closes: '12:00' }, 'Mo 9-12'],
        ['[1]'],
      ],
      ['an object instead of a list', { weekday: 1, opens: '09:00', closes: '12:00' }, ['']],
      [
        'more than 50 intervals',
        Array.from({ length: 51 }, (_, i) => ({
          weekday: (i % 7) + 1,
          opens: `${String(Math.floor(i / 7)).padStart(2, '0')}:00`,
          closes: `${String(Math.floor(i / 7)).padStart(2, '0')}:30`,
        })),
        [''],
      ],
    ];

    it.each(badWeeks)('refuses %s, keeping the hours there were', async (_label, body, fields) => {
      const roomId = await newRoom();
      await setOpeningHours(app, cast.owner, roomId);
      const reply = await expectUnchanged(app.db, () =>
        app.put(`/api/rooms/${roomId}/opening-hours`, body, { token: cast.owner.token }),
      );
      expect(reply.status).toBe(400);
      expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(reply.body.type).toBe('/problems/validation-failed');
      expect(errorFields(reply)).toEqual(fields);
    });

    it('says what is wrong with an interval in plain words', async () => {
      const roomId = await newRoom();
      const reply = await app.put(
        `/api/rooms/${roomId}/opening-hours`,
        [
          { weekday: 1, opens: '14:00', closes: '12:00' },
          { weekday: 1, opens: '08:00', closes: '10:00' },
          { weekday: 1, opens: '09:00', closes: '11:00' },
        ],
        { token: cast.owner.token, headers: { 'accept-language': 'en' } },
      );
      expect(reply.body.errors).toEqual([
        { field: '[0].closes', message: 'The end must be after the start.' },
        { field: '[2].opens', message: 'Overlaps another period on the same day.' },
      ]);
    });

    it('answers 400 for a malformed room id and 404 for an unknown room', async () => {
      const malformed = await expectUnchanged(app.db, () =>
        app.put('/api/rooms/raum-1/opening-hours', WORKING_WEEK, { token: cast.admin.token }),
      );
      expect(malformed.status).toBe(400);
      expect(errorFields(malformed)).toEqual(['id']);
      const unknown = await expectUnchanged(app.db, () =>
        app.put(`/api/rooms/${randomUUID()}/opening-hours`, WORKING_WEEK, {
          token: cast.admin.token,
        }),
      );
      expect(unknown.status).toBe(404);
      expect(unknown.body.type).toBe('/problems/room-not-found');
      expect((await app.get(`/api/rooms/${randomUUID()}/opening-hours`)).status).toBe(404);
    });
  });

  describe('closures', () => {
    it('records a closure and answers in UTC with the room’s time zone', async () => {
      const roomId = await newRoom();
      const created = await app.post(
        `/api/rooms/${roomId}/closures`,
        {
          startsAt: '2026-12-23T00:00:00+01:00',
          endsAt: '2027-01-07T00:00:00+01:00',
          reason: 'Weihnachtsferien',
        },
        { token: cast.member.token },
      );
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        roomId,
        startsAt: '2026-12-22T23:00:00.000Z',
        endsAt: '2027-01-06T23:00:00.000Z',
        timeZone: 'Europe/Berlin',
        reason: 'Weihnachtsferien',
        createdAt: expect.stringMatching(/Z$/),
      });
    });

    it('lists closures by start, in a window, paged, with reasons only for insiders', async () => {
      const roomId = await newRoom({ timeZone: 'Europe/Istanbul' });
      const spring = await addClosure(app, cast.owner, roomId, {
        startsAt: '2026-04-01T00:00:00+03:00',
        endsAt: '2026-04-10T00:00:00+03:00',
        reason: 'Renovierung',
      });
      const winter = await addClosure(app, cast.owner, roomId, {
        startsAt: '2026-12-20T08:00:00Z',
        endsAt: '2027-01-02T08:00:00Z',
      });
      const summer = await addClosure(app, cast.owner, roomId, {
        startsAt: '2026-07-15T00:00:00+03:00',
        endsAt: '2026-08-01T00:00:00+03:00',
        reason: 'Sommerpause',
      });
      const list = async (query: string, caller: Caller = 'anonymous') => {
        const reply = await app.get(`/api/rooms/${roomId}/closures${query}`, {
          token: tokenOf(cast, caller),
        });
        expect(reply.status).toBe(200);
        return reply.body;
      };

      const publicList = await list('');
      expect(publicList).toMatchObject({ total: 3, limit: 20, offset: 0 });
      expect(publicList.items.map((c: { id: string }) => c.id)).toEqual([
        spring.id,
        summer.id,
        winter.id,
      ]);
      expect(publicList.items[0]).toEqual({
        id: spring.id,
        roomId,
        startsAt: '2026-03-31T21:00:00.000Z',
        endsAt: '2026-04-09T21:00:00.000Z',
        timeZone: 'Europe/Istanbul',
        createdAt: expect.any(String),
      });
      const outsiders = await list('', 'outsider');
      expect(outsiders.items.every((c: object) => !('reason' in c))).toBe(true);
      const insiders = await list('', 'member');
      expect(insiders.items.map((c: { reason: string | null }) => c.reason)).toEqual([
        'Renovierung',
        'Sommerpause',
        null,
      ]);
      expect((await list('', 'admin')).items[0].reason).toBe('Renovierung');

      const window = await list('?from=2026-04-09T00:00:00Z&to=2026-07-15T00:00:00%2B02:00');
      expect(window.items.map((c: { id: string }) => c.id)).toEqual([spring.id, summer.id]);
      const fromOnly = await list('?from=2026-08-01T00:00:00%2B03:00');
      expect(fromOnly.items.map((c: { id: string }) => c.id)).toEqual([winter.id]);
      const paged = await list('?limit=1&offset=1');
      expect(paged).toMatchObject({ total: 3, limit: 1, offset: 1 });
      expect(paged.items.map((c: { id: string }) => c.id)).toEqual([summer.id]);
    });

    it('removes a closure once', async () => {
      const roomId = await newRoom();
      const closure = await addClosure(app, cast.owner, roomId, {
        startsAt: '2026-05-01T00:00:00+02:00',
        endsAt: '2026-05-02T00:00:00+02:00',
      });
      const path = `/api/rooms/${roomId}/closures/${closure.id}`;
      const removed = await app.delete(path, { token: cast.member.token });
      expect(removed.status).toBe(204);
      expect((await app.get(`/api/rooms/${roomId}/closures`)).body.total).toBe(0);
      const again = await expectUnchanged(app.db, () =>
        app.delete(path, { token: cast.member.token }),
      );
      expect(again.status).toBe(404);
      expect(again.body.type).toBe('/problems/closure-not-found');
    });

    it('does not remove a closure through another room', async () => {
      const roomId = await newRoom();
      const otherRoomId = await newRoom();
      const closure = await addClosure(app, cast.owner, roomId, {
        startsAt: '2026-05-01T00:00:00+02:00',
        endsAt: '2026-05-02T00:00:00+02:00',
      });
      const reply = await expectUnchanged(app.db, () =>
        app.delete(`/api/rooms/${otherRoomId}/closures/${closure.id}`, {
          token: cast.owner.token,
        }),
      );
      expect(reply.status).toBe(404);
    });

    it('hides the closures of an inactive room from outsiders', async () => {
      const roomId = await newRoom({ active: false });
      expect((await app.get(`/api/rooms/${roomId}/closures`)).status).toBe(404);
      const member = await app.get(`/api/rooms/${roomId}/closures`, { token: cast.member.token });
      expect(member.status).toBe(200);
    });

    const badClosures: [string, Record<string, unknown>, string[]][] = [
      [
        'an end before the start',
        { startsAt: '2026-05-02T00:00:00+02:00', endsAt: '2026-05-01T00:00:00+02:00' },
        ['endsAt'],
      ],
      [
        'an end equal to the start, given in another offset',
        { startsAt: '2026-05-01T12:00:00+02:00', endsAt: '2026-05-01T10:00:00Z' },
        ['endsAt'],
      ],
      [
        'a time without offset',
        { startsAt: '2026-05-01T00:00:00', endsAt: '2026-05-02T00:00:00+02:00' },
        ['startsAt'],
      ],
      [
        'a date that does not exist',
        { startsAt: '2026-02-30T00:00:00Z', endsAt: '2026-03-02T00:00:00Z' },
        ['startsAt'],
      ],
      [
        'a time as a number',
        { startsAt: 1777586400000, endsAt: '2026-05-02T00:00:00Z' },
        ['startsAt'],
      ],
      ['a missing end', { startsAt: '2026-05-01T00:00:00Z' }, ['endsAt']],
      [
        'an unknown field',
        { startsAt: '2026-05-01T00:00:00Z', endsAt: '2026-05-02T00:00:00Z', allDay: true },
        ['allDay'],
      ],
      [
        'a reason too long',
        {
          startsAt: '2026-05-01T00:00:00Z',
          endsAt: '2026-05-02T00:00:00Z',
          reason: 'x'.repeat(501),
        },
        ['reason'],
      ],
    ];

    it.each(badClosures)('refuses %s', async (_label, body, fields) => {
      const roomId = await newRoom();
      const reply = await expectUnchanged(app.db, () =>
        app.post(`/api/rooms/${roomId}/closures`, body, { token: cast.owner.token }),
      );
      expect(reply.status).toBe(400);
      expect(reply.body.type).toBe('/problems/validation-failed');
      expect(errorFields(reply)).toEqual(fields);
    });

    it('refuses a window that ends before it starts, and bad ids', async () => {
      const roomId = await newRoom();
      const window = await app.get(
        `/api/rooms/${roomId}/closures?from=2026-05-02T00:00:00Z&to=2026-05-01T00:00:00Z`,
      );
      expect(window.status).toBe(400);
      expect(errorFields(window)).toEqual(['to']);
      const badFilter = await app.get(`/api/rooms/${roomId}/closures?from=gestern`);
      expect(errorFields(badFilter)).toEqual(['from']);

      const malformed = await expectUnchanged(app.db, () =>
        app.delete(`/api/rooms/${roomId}/closures/123`, { token: cast.owner.token }),
      );
      expect(malformed.status).toBe(400);
      expect(errorFields(malformed)).toEqual(['closureId']);
      const unknownRoom = await expectUnchanged(app.db, () =>
        app.post(
          `/api/rooms/${randomUUID()}/closures`,
          { startsAt: '2026-05-01T00:00:00Z', endsAt: '2026-05-02T00:00:00Z' },
          { token: cast.admin.token },
        ),
      );
      expect(unknownRoom.status).toBe(404);
      expect(unknownRoom.body.type).toBe('/problems/room-not-found');
    });
  });

  describe('who may do what', () => {
    const actions: { name: string; success: number }[] = [
      { name: 'set opening hours', success: 200 },
      { name: 'add closure', success: 201 },
      { name: 'remove closure', success: 204 },
    ];
    const closure = { startsAt: '2026-10-03T00:00:00+02:00', endsAt: '2026-10-04T00:00:00+02:00' };

    it.each(
      actions.flatMap((action) =>
        CALLERS.map((caller) => [action.name, caller, expectedStatus(caller, action.success)]),
      ) as [string, Caller, number][],
    )('%s by %s → %i', async (name, caller, status) => {
      const roomId = await newRoom();
      await setOpeningHours(app, cast.owner, roomId);
      const existing = await addClosure(app, cast.owner, roomId, closure);
      const token = tokenOf(cast, caller);
      const act = (): Promise<Reply> => {
        if (name === 'set opening hours') {
          return app.put(
            `/api/rooms/${roomId}/opening-hours`,
            [{ weekday: 6, opens: '10:00', closes: '14:00' }],
            { token },
          );
        }
        if (name === 'add closure')
          return app.post(`/api/rooms/${roomId}/closures`, closure, { token });
        return app.delete(`/api/rooms/${roomId}/closures/${existing.id}`, { token });
      };
      const reply = status >= 400 ? await expectUnchanged(app.db, act) : await act();
      expect(reply.status).toBe(status);
      if (status >= 400) {
        expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        return;
      }
      const closures = (await app.get(`/api/rooms/${roomId}/closures`)).body.total;
      const hours = (await app.get(`/api/rooms/${roomId}/opening-hours`)).body;
      if (name === 'set opening hours') {
        expect(hours).toEqual([{ weekday: 6, opens: '10:00', closes: '14:00' }]);
      } else {
        expect(hours).toHaveLength(WORKING_WEEK.length);
      }
      expect(closures).toBe(
        { 'set opening hours': 1, 'add closure': 2, 'remove closure': 0 }[name],
      );
    });
  });
});

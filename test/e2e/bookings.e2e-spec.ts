import { randomUUID } from 'node:crypto';
import {
  ALWAYS_OPEN,
  berlin,
  book,
  bookingInput,
  BookingStage,
  createBookableRoom,
  createStage,
  futureDay,
  requestSlot,
} from '../support/booking-factories';
import { addClosure } from '../support/catalogue-factories';
import { addMember, registerUser } from '../support/factories';
import { expectUnchanged, startTestApp, TestApp } from '../support/test-app';

describe('bookings', () => {
  let app: TestApp;
  let stage: BookingStage;
  let roomId: string;

  beforeAll(async () => {
    // No background jobs or mail worker: their writes would show in `expectUnchanged`.
    app = await startTestApp({ JOB_INTERVAL_SECONDS: '0', MAIL_INTERVAL_SECONDS: '0' });
    stage = await createStage(app);
    roomId = (await createBookableRoom(app, stage)).id;
  });
  afterAll(() => app.close());

  const day = futureDay(3);
  const slot = (from: string, to: string, extra: Record<string, unknown> = {}) =>
    bookingInput(
      roomId,
      stage.requesterOrganizationId,
      berlin(`${day}T${from}`),
      berlin(`${day}T${to}`),
      extra,
    );

  const trail = (id: string) =>
    app.db.query(`SELECT action, actor_id FROM audit_log WHERE entity_id = $1 ORDER BY id`, [id]);

  it('goes from request to approval, back to pending when moved, and to cancelled', async () => {
    const requested = await app.post(
      '/api/bookings',
      slot('10:00', '12:00', { purpose: 'Treffen', attendees: 12 }),
      {
        token: stage.requester.token,
      },
    );
    expect(requested.status).toBe(201);
    expect(requested.body).toMatchObject({
      status: 'pending',
      sequence: 0,
      timeZone: 'Europe/Berlin',
      title: 'Elterncafé',
      attendees: 12,
      isPublic: false,
      seriesId: null,
      startsAt: new Date(berlin(`${day}T10:00`)).toISOString(),
    });
    expect(requested.body.startsAt).toMatch(/Z$/);
    // Answers name room, venue and organisation, so that a client lists them without lookups.
    const room = (await app.get(`/api/rooms/${roomId}`)).body;
    const organization = (await app.get(`/api/organizations/${stage.requesterOrganizationId}`))
      .body;
    const names = {
      roomName: room.name,
      venueName: room.venue.name,
      organizationName: organization.name,
    };
    expect(names.organizationName).toMatch(/^Elternverein/);
    expect(requested.body).toMatchObject(names);
    expect(Date.parse(requested.body.expiresAt)).toBeGreaterThan(Date.now() + 71 * 3600_000);
    const id = requested.body.id as string;

    const approved = await app.post(
      `/api/bookings/${id}/approve`,
      { reason: 'Gern!' },
      { token: stage.member.token },
    );
    expect(approved.body).toMatchObject({
      ...names,
      status: 'approved',
      sequence: 1,
      decisionReason: 'Gern!',
      expiresAt: null,
    });

    const again = await expectUnchanged(app.db, () =>
      app.post(`/api/bookings/${id}/approve`, {}, { token: stage.owner.token }),
    );
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('/problems/invalid-transition');
    // The status in words, never as it is stored.
    expect(again.body.detail).toBe('Das geht bei dieser Buchung nicht: Sie ist bestätigt.');

    const moved = await app.patch(
      `/api/bookings/${id}`,
      { startsAt: berlin(`${day}T13:00`), endsAt: berlin(`${day}T15:00`) },
      { token: stage.requester.token },
    );
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ status: 'pending', sequence: 2, decidedAt: null });

    const renamed = await app.patch(
      `/api/bookings/${id}`,
      { title: 'Elterncafé international' },
      { token: stage.requester.token },
    );
    expect(renamed.body).toMatchObject({
      status: 'pending',
      sequence: 3,
      title: 'Elterncafé international',
    });

    const cancelled = await app.post(
      `/api/bookings/${id}/cancel`,
      { reason: 'Krank' },
      { token: stage.requester.token },
    );
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.cancelled).toEqual([
      expect.objectContaining({ id, status: 'cancelled', sequence: 4, cancelReason: 'Krank' }),
    ]);

    expect((await trail(id)).map((row: { action: string }) => row.action)).toEqual([
      'booking.requested',
      'booking.approved',
      'booking.rescheduled',
      'booking.changed',
      'booking.cancelled',
    ]);
    // A cancelled booking leaves its slot free again.
    const rebooked = await app.post('/api/bookings', slot('13:00', '15:00'), {
      token: stage.requester.token,
    });
    expect(rebooked.status).toBe(201);
  });

  it('confirms at once in a room with automatic approval', async () => {
    const automatic = await createBookableRoom(app, stage, { approval: 'automatic' });
    const booked = await book(app, stage.requester, {
      ...slot('09:00', '10:00'),
      roomId: automatic.id,
    });
    expect(booked).toMatchObject({ status: 'approved', expiresAt: null });
    expect(booked.decidedAt).not.toBeNull();
    // Moving it keeps it approved: the room approves automatically.
    const moved = await app.patch(
      `/api/bookings/${booked.id}`,
      { startsAt: berlin(`${day}T10:00`), endsAt: berlin(`${day}T11:00`) },
      { token: stage.requester.token },
    );
    expect(moved.body).toMatchObject({ status: 'approved', sequence: 1 });
  });

  it('lets the owners decline with a reason, and frees the slot', async () => {
    const booked = await book(app, stage.requester, slot('16:00', '17:00'));
    const declined = await app.post(
      `/api/bookings/${booked.id}/decline`,
      { reason: 'Renovierung' },
      { token: stage.owner.token },
    );
    expect(declined.body).toMatchObject({
      status: 'declined',
      sequence: 1,
      decisionReason: 'Renovierung',
    });
    await book(app, stage.requester, slot('16:00', '17:00'));
  });

  describe('who may do what', () => {
    it('books only for an organisation one belongs to', async () => {
      const reply = await expectUnchanged(app.db, () =>
        app.post('/api/bookings', slot('18:00', '19:00'), { token: stage.outsider.token }),
      );
      expect(reply.status).toBe(403);
      expect(reply.body.type).toBe('/problems/not-member-of-organization');
      const anonymous = await expectUnchanged(app.db, () =>
        app.post('/api/bookings', slot('18:00', '19:00')),
      );
      expect(anonymous.status).toBe(401);
    });

    it('lets only the room owners decide, and hides the booking from outsiders', async () => {
      const booked = await book(app, stage.requester, slot('19:00', '20:00'));
      const asRequester = await expectUnchanged(app.db, () =>
        app.post(`/api/bookings/${booked.id}/approve`, {}, { token: stage.requester.token }),
      );
      expect(asRequester.status).toBe(403);
      const asOutsider = await expectUnchanged(app.db, () =>
        app.post(`/api/bookings/${booked.id}/approve`, {}, { token: stage.outsider.token }),
      );
      expect(asOutsider.status).toBe(404);
      expect(
        (await app.get(`/api/bookings/${booked.id}`, { token: stage.outsider.token })).status,
      ).toBe(404);
      expect(
        (await app.get(`/api/bookings/${booked.id}`, { token: stage.member.token })).status,
      ).toBe(200);
      expect(
        (await app.get(`/api/bookings/${booked.id}`, { token: stage.admin.token })).status,
      ).toBe(200);
      const byAdmin = await app.post(
        `/api/bookings/${booked.id}/approve`,
        {},
        { token: stage.admin.token },
      );
      expect(byAdmin.body.status).toBe('approved');
      // The owners may cancel too; an outsider may not.
      const outsiderCancel = await expectUnchanged(app.db, () =>
        app.post(`/api/bookings/${booked.id}/cancel`, {}, { token: stage.outsider.token }),
      );
      expect(outsiderCancel.status).toBe(404);
      const ownerCancel = await app.post(
        `/api/bookings/${booked.id}/cancel`,
        { reason: 'Wasserschaden' },
        { token: stage.owner.token },
      );
      expect(ownerCancel.status).toBe(200);
    });

    it('moves a booking only for the requesting side', async () => {
      const booked = await book(app, stage.requester, slot('20:00', '21:00'));
      const byOwner = await expectUnchanged(app.db, () =>
        app.patch(`/api/bookings/${booked.id}`, { title: 'Anders' }, { token: stage.owner.token }),
      );
      expect(byOwner.status).toBe(403);
    });

    it('lists what each side may see', async () => {
      const ids = async (token: string, query = '') =>
        (
          (await app.get(`/api/bookings?limit=100&roomId=${roomId}${query}`, { token })).body
            .items as { id: string }[]
        ).map((b) => b.id);
      const booked = await book(app, stage.requester, slot('08:00', '09:00'));
      expect(await ids(stage.requester.token)).toContain(booked.id);
      const listed = (
        await app.get(`/api/bookings?limit=100&roomId=${roomId}`, { token: stage.member.token })
      ).body.items.find((b: { id: string }) => b.id === booked.id);
      expect(listed).toMatchObject({
        roomName: booked.roomName,
        venueName: booked.venueName,
        organizationName: booked.organizationName,
      });
      expect(listed.organizationName).toMatch(/^Elternverein/);
      expect(await ids(stage.member.token)).toContain(booked.id);
      expect(await ids(stage.admin.token)).toContain(booked.id);
      expect(await ids(stage.outsider.token)).toEqual([]);
      expect(await ids(stage.member.token, '&as=requester')).toEqual([]);
      expect(await ids(stage.requester.token, '&status=pending')).toContain(booked.id);
      expect(await ids(stage.requester.token, '&status=cancelled')).not.toContain(booked.id);
    });
  });

  describe('the rules, each refused with its own type and changing nothing', () => {
    const refused = async (input: Record<string, unknown>, type: string, status = 422) => {
      const reply = await expectUnchanged(app.db, () =>
        app.post('/api/bookings', input, {
          token: stage.requester.token,
          headers: { 'accept-language': 'en' },
        }),
      );
      expect(reply.status).toBe(status);
      expect(reply.body.type).toBe(`/problems/${type}`);
      expect(reply.body.detail).not.toMatch(/\{\w+\}/);
      return reply;
    };

    it('outside opening hours', async () => {
      await refused(slot('21:30', '22:30'), 'outside-opening-hours');
      await refused(slot('06:00', '09:00'), 'outside-opening-hours');
    });

    it('inside a closure', async () => {
      const room = await createBookableRoom(app, stage);
      await addClosure(app, stage.owner, room.id, {
        startsAt: berlin(`${day}T12:00`),
        endsAt: berlin(`${day}T14:00`),
        reason: 'Putztag',
      });
      await refused({ ...slot('13:00', '15:00'), roomId: room.id }, 'in-closure');
    });

    it('shorter or longer than the room allows', async () => {
      const room = await createBookableRoom(app, stage, {
        minDurationMinutes: 60,
        maxDurationMinutes: 120,
      });
      const short = await refused(
        { ...slot('10:00', '10:30'), roomId: room.id },
        'duration-too-short',
      );
      expect(short.body.detail).toContain('60 minutes');
      await refused({ ...slot('10:00', '12:30'), roomId: room.id }, 'duration-too-long');
    });

    it('too short notice', async () => {
      const room = await createBookableRoom(app, stage, { leadTimeHours: 48 }, ALWAYS_OPEN);
      const soon = new Date(Date.now() + 3 * 3600_000);
      soon.setUTCMinutes(0, 0, 0);
      const later = new Date(soon.getTime() + 3600_000);
      const reply = await refused(
        bookingInput(
          room.id,
          stage.requesterOrganizationId,
          soon.toISOString(),
          later.toISOString(),
        ),
        'notice-too-short',
      );
      expect(reply.body.detail).toContain('48 hours');
    });

    it('too far ahead', async () => {
      const room = await createBookableRoom(app, stage, { horizonDays: 7 });
      await refused({ ...slot('10:00', '11:00'), roomId: room.id }, 'too-far-ahead');
    });

    it('within the buffer of a neighbouring booking', async () => {
      const room = await createBookableRoom(app, stage, { bufferMinutes: 30 });
      await book(app, stage.requester, { ...slot('10:00', '11:00'), roomId: room.id });
      const after = await refused(
        { ...slot('11:15', '12:00'), roomId: room.id },
        'within-buffer',
        409,
      );
      expect(after.body.conflicts).toHaveLength(1);
      await refused({ ...slot('09:00', '09:45'), roomId: room.id }, 'within-buffer', 409);
      await book(app, stage.requester, { ...slot('11:30', '12:00'), roomId: room.id });
    });

    it('a neighbour keeps the buffer it was booked with; a newcomer brings the room’s', async () => {
      const room = await createBookableRoom(app, stage, { bufferMinutes: 90 });
      await book(app, stage.requester, { ...slot('10:00', '11:00'), roomId: room.id });
      const policy = (bufferMinutes: number) =>
        app.patch(
          `/api/rooms/${room.id}`,
          { policy: { bufferMinutes } },
          { token: stage.owner.token },
        );
      expect((await policy(0)).status).toBe(200);
      // Its own 90 minutes after it still hold; before it the room now asks for none.
      await refused({ ...slot('12:00', '13:00'), roomId: room.id }, 'within-buffer', 409);
      await book(app, stage.requester, { ...slot('09:00', '10:00'), roomId: room.id });
      await book(app, stage.requester, { ...slot('12:30', '13:30'), roomId: room.id });
      // Two hours now: a newcomer needs them after its end, before the next booking.
      expect((await policy(120)).status).toBe(200);
      await refused({ ...slot('08:00', '08:30'), roomId: room.id }, 'within-buffer', 409);
      await book(app, stage.requester, { ...slot('15:30', '16:00'), roomId: room.id });
    });

    it("over the organisation's monthly hours in the room", async () => {
      const room = await createBookableRoom(app, stage, { monthlyHoursPerOrganization: 3 });
      await book(app, stage.requester, { ...slot('10:00', '12:00'), roomId: room.id });
      const reply = await refused(
        { ...slot('13:00', '14:30'), roomId: room.id },
        'monthly-hours-exceeded',
      );
      expect(reply.body.detail).toContain('3 hours');
      // Another organisation has its own hours.
      await book(app, stage.owner, {
        ...slot('13:00', '14:30'),
        roomId: room.id,
        organizationId: stage.organizationId,
      });
    });

    it('organisation not verified, where the room requires it', async () => {
      const room = await createBookableRoom(app, stage, { requiresVerifiedOrganization: true });
      await refused({ ...slot('10:00', '11:00'), roomId: room.id }, 'organization-not-verified');
      await app.post(
        `/api/organizations/${stage.requesterOrganizationId}/verify`,
        {},
        { token: stage.admin.token },
      );
      await book(app, stage.requester, { ...slot('10:00', '11:00'), roomId: room.id });
      await app.post(
        `/api/organizations/${stage.requesterOrganizationId}/verify`,
        { verified: false },
        { token: stage.admin.token },
      );
    });

    it('room inactive: unknown to others, refused to its own organisation', async () => {
      const room = await createBookableRoom(app, stage, {}, undefined, { active: false });
      await refused({ ...slot('10:00', '11:00'), roomId: room.id }, 'room-not-found', 404);
      const own = await expectUnchanged(app.db, () =>
        app.post(
          '/api/bookings',
          { ...slot('10:00', '11:00'), roomId: room.id, organizationId: stage.organizationId },
          { token: stage.owner.token },
        ),
      );
      expect(own.status).toBe(422);
      expect(own.body.type).toBe('/problems/room-inactive');
    });

    it('a slot that is taken, naming the holder only to those who may know', async () => {
      const room = await createBookableRoom(app, stage);
      await book(app, stage.requester, { ...slot('10:00', '12:00'), roomId: room.id });
      // Another organisation learns only the times.
      const stranger = await registerUser(app);
      const strangerOrg = await app.post(
        '/api/organizations',
        { name: 'Fremde Initiative', kind: 'initiative', languages: ['de'], fields: [] },
        { token: stranger.token },
      );
      const taken = await expectUnchanged(app.db, () =>
        app.post(
          '/api/bookings',
          { ...slot('11:00', '13:00'), roomId: room.id, organizationId: strangerOrg.body.id },
          { token: stranger.token },
        ),
      );
      expect(taken.status).toBe(409);
      expect(taken.body.type).toBe('/problems/slot-taken');
      expect(taken.body.conflicts).toEqual([
        {
          startsAt: new Date(berlin(`${day}T10:00`)).toISOString(),
          endsAt: new Date(berlin(`${day}T12:00`)).toISOString(),
        },
      ]);
      // The room's owners may know who holds it.
      const byOwner = await app.post(
        '/api/bookings',
        { ...slot('11:00', '13:00'), roomId: room.id, organizationId: stage.organizationId },
        { token: stage.owner.token },
      );
      expect(byOwner.status).toBe(409);
      expect(byOwner.body.conflicts[0].organizationName).toMatch(/^Elternverein/);
    });
  });

  describe('bad input changes nothing', () => {
    it.each([
      ['an unknown field', { colour: 'blue' }, 'colour'],
      ['a time without offset', { startsAt: `${day}T10:00:00` }, 'startsAt'],
      ['an end before the start', { endsAt: berlin(`${day}T09:00`) }, 'endsAt'],
      ['a malformed room id', { roomId: 'room-1' }, 'roomId'],
      ['a wrong type', { attendees: 'many' }, 'attendees'],
      ['an empty title', { title: '   ' }, 'title'],
      [
        'a recurrence with an unknown part',
        { recurrence: { rrule: 'FREQ=WEEKLY;COUNT=3', count: 3 } },
        'recurrence.rrule',
      ],
      ['a recurrence without end', { recurrence: { rrule: 'FREQ=WEEKLY' } }, 'recurrence.until'],
      [
        'a nested unknown field',
        { recurrence: { rrule: 'FREQ=WEEKLY', count: 2, tz: 'x' } },
        'recurrence.tz',
      ],
    ])('%s', async (_label, change, field) => {
      const reply = await expectUnchanged(app.db, () =>
        app.post(
          '/api/bookings',
          { ...slot('10:00', '11:00'), ...change },
          { token: stage.requester.token },
        ),
      );
      expect(reply.status).toBe(400);
      expect(reply.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('404 for an unknown room or booking, 400 for a malformed id', async () => {
      const unknownRoom = await expectUnchanged(app.db, () =>
        app.post(
          '/api/bookings',
          { ...slot('10:00', '11:00'), roomId: randomUUID() },
          { token: stage.requester.token },
        ),
      );
      expect(unknownRoom.status).toBe(404);
      expect(
        (await app.get(`/api/bookings/${randomUUID()}`, { token: stage.requester.token })).status,
      ).toBe(404);
      expect((await app.get(`/api/bookings/nope`, { token: stage.requester.token })).status).toBe(
        400,
      );
    });
  });

  it('refuses to approve a request past its deadline, even before the job marks it', async () => {
    const booked = await book(app, stage.requester, slot('21:00', '22:00'));
    await app.db.query(
      `UPDATE bookings SET expires_at = now() - interval '1 second' WHERE id = $1`,
      [booked.id],
    );
    const late = await expectUnchanged(app.db, () =>
      app.post(`/api/bookings/${booked.id}/approve`, {}, { token: stage.owner.token }),
    );
    expect(late.status).toBe(409);
    expect(late.body.detail).toContain('Sie ist abgelaufen');
  });

  it('re-checks verification when a booking is moved', async () => {
    const room = await createBookableRoom(app, stage, { requiresVerifiedOrganization: true });
    const verify = (verified: boolean) =>
      app.post(
        `/api/organizations/${stage.requesterOrganizationId}/verify`,
        { verified },
        { token: stage.admin.token },
      );
    await verify(true);
    const booked = await book(app, stage.requester, { ...slot('10:00', '11:00'), roomId: room.id });
    await verify(false);
    const moved = await expectUnchanged(app.db, () =>
      app.patch(
        `/api/bookings/${booked.id}`,
        { startsAt: berlin(`${day}T12:00`), endsAt: berlin(`${day}T13:00`) },
        { token: stage.requester.token },
      ),
    );
    expect(moved.status).toBe(422);
    expect(moved.body.type).toBe('/problems/organization-not-verified');
  });

  it('refuses null for fields that cannot be empty, and clears purpose with null', async () => {
    const booked = await book(app, stage.requester, slot('15:00', '16:00', { purpose: 'Probe' }));
    const nulls = await expectUnchanged(app.db, () =>
      app.patch(
        `/api/bookings/${booked.id}`,
        { title: null, isPublic: null },
        { token: stage.requester.token },
      ),
    );
    expect(nulls.status).toBe(400);
    expect([...new Set(nulls.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual([
      'isPublic',
      'title',
    ]);
    const cleared = await app.patch(
      `/api/bookings/${booked.id}`,
      { purpose: null },
      { token: stage.requester.token },
    );
    expect(cleared.body.purpose).toBeNull();
  });

  it('lets a new member of the requesting organisation see its bookings', async () => {
    const booked = await book(app, stage.requester, slot('17:00', '18:00'));
    const newcomer = await registerUser(app);
    expect((await app.get(`/api/bookings/${booked.id}`, { token: newcomer.token })).status).toBe(
      404,
    );
    await addMember(app, stage.requesterOrganizationId, stage.requester, newcomer);
    expect((await app.get(`/api/bookings/${booked.id}`, { token: newcomer.token })).status).toBe(
      200,
    );
  });

  /**
   * A new booking's times are set once, when it is inserted: what the answer reports is what
   * the database holds, to the millisecond, and what a later read shows.
   */
  describe('times of a new booking', () => {
    it.each(['manual', 'automatic'])(
      'are the same in the answer, the database and a later read (%s approval)',
      async (approval) => {
        const room = await createBookableRoom(app, stage, { approval });
        const day = futureDay(5, approval === 'manual' ? 1 : 2);
        const before = Date.now();
        const booking = await requestSlot(app, stage, room.id, day, '10:00', '12:00');
        const after = Date.now();
        expect(booking.updatedAt).toBe(booking.createdAt);
        const created = Date.parse(booking.createdAt);
        expect(created).toBeGreaterThanOrEqual(before);
        expect(created).toBeLessThanOrEqual(after);
        if (approval === 'automatic') expect(booking.decidedAt).toBe(booking.createdAt);

        const [row] = await app.db.query<{ created_at: Date; updated_at: Date }[]>(
          `SELECT created_at, updated_at FROM bookings WHERE id = $1`,
          [booking.id],
        );
        expect(row.created_at.toISOString()).toBe(booking.createdAt);
        expect(row.updated_at.toISOString()).toBe(booking.createdAt);
        const read = await app.get(`/api/bookings/${booking.id}`, { token: stage.requester.token });
        expect(read.status).toBe(200);
        expect([read.body.createdAt, read.body.updatedAt]).toEqual([
          booking.createdAt,
          booking.createdAt,
        ]);
      },
    );
  });
});

import { randomUUID } from 'node:crypto';
import {
  berlin,
  book,
  bookingInput,
  BookingStage,
  createBookableRoom,
  createStage,
  futureDay,
  requestSlot,
} from '../support/booking-factories';
import { createFeedLink, getFeed, parseFeed, sha256, uidOf } from '../support/calendar-feeds';
import { addMember, createOrganization, registerUser, TestUser } from '../support/factories';
import { createVenue, createRoom } from '../support/catalogue-factories';
import { expectUnchanged, startTestApp, TestApp } from '../support/test-app';

/**
 * Private feeds behind secret links: who may make one, what each shows, and that the
 * secret is neither stored nor answered differently for a revoked or an unknown link.
 */
describe('private feeds', () => {
  let app: TestApp;
  let stage: BookingStage;
  let room: { id: string };
  /** Bookings: the requester's organisation in the stage's room, and elsewhere. */
  let inOwnedRoom: { id: string; title: string; sequence: number; startsAt: string };
  let elsewhere: { id: string; title: string };
  let foreign: { id: string; title: string };
  let foreignOrganizationId: string;

  beforeAll(async () => {
    app = await startTestApp({ JOB_INTERVAL_SECONDS: '0' });
    stage = await createStage(app);
    room = await createBookableRoom(app, stage);
    const day = futureDay(3, 1);
    inOwnedRoom = await requestSlot(app, stage, room.id, day, '19:00', '21:00', {
      title: 'Elterncafé am Abend',
      purpose: 'Austausch',
    });
    const approved = await app.post(
      `/api/bookings/${inOwnedRoom.id}/approve`,
      {},
      { token: stage.owner.token },
    );
    inOwnedRoom = approved.body;

    // The requester's organisation also books a room of a venue it does not own …
    const landlord = await registerUser(app, { name: 'Landlord' });
    const landlordOrganization = await createOrganization(app, landlord);
    const venue = await createVenue(app, landlord, landlordOrganization.id);
    const otherRoom = await createRoom(app, landlord, venue.id, {
      policy: { approval: 'automatic', leadTimeHours: 0, horizonDays: 400 },
    });
    await app.put(
      `/api/rooms/${otherRoom.id}/opening-hours`,
      [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '08:00', closes: '22:00' })),
      { token: landlord.token },
    );
    elsewhere = await requestSlot(app, stage, otherRoom.id, day, '10:00', '11:00', {
      title: 'Vorstandssitzung',
    });
    // … and a third organisation books the stage's room.
    const stranger = await registerUser(app, { name: 'Stranger' });
    foreignOrganizationId = (await createOrganization(app, stranger)).id;
    foreign = await book(
      app,
      stranger,
      bookingInput(room.id, foreignOrganizationId, berlin(`${day}T08:00`), berlin(`${day}T09:00`), {
        title: 'Frühstück der Nachbarschaft',
      }),
    );
  });
  afterAll(() => app.close());

  const create = (user: TestUser | undefined, body: unknown) =>
    app.post('/api/calendar/tokens', body, user ? { token: user.token } : {});

  describe('making a link', () => {
    it('gives a 256-bit secret link once, and keeps only its SHA-256', async () => {
      const reply = await create(stage.requester, {
        scope: 'organization',
        subjectId: stage.requesterOrganizationId,
      });
      expect(reply.status).toBe(201);
      expect(reply.headers.get('cache-control')).toBe('no-store');
      expect(reply.body).toMatchObject({
        id: expect.any(String),
        scope: 'organization',
        subjectId: stage.requesterOrganizationId,
        lastUsedAt: null,
      });
      const url = new URL(reply.body.url);
      const match = /^\/api\/calendar\/feeds\/([A-Za-z0-9_-]+)\.ics$/.exec(url.pathname);
      expect(match).not.toBeNull();
      const secret = match![1];
      expect(Buffer.from(secret, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
      expect(Buffer.from(secret, 'base64url').toString('base64url')).toBe(secret);

      const [row] = await app.db.query(
        `SELECT *, row_to_json(t)::text AS everything FROM calendar_tokens t WHERE id = $1`,
        [reply.body.id],
      );
      expect(Buffer.compare(row.token_hash, sha256(secret))).toBe(0);
      expect(row.everything).not.toContain(secret);
      expect(row.everything).not.toContain(Buffer.from(secret).toString('hex'));
      // Nor anywhere else in the database (the audit log, say).
      const tables = await app.db.query(
        `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`,
      );
      for (const { tablename } of tables) {
        const [{ found }] = await app.db.query(
          `SELECT count(*)::int AS found FROM "${tablename}" t WHERE t::text LIKE '%' || $1 || '%'`,
          [secret],
        );
        expect({ tablename, found }).toEqual({ tablename, found: 0 });
      }

      // Two links never share a secret.
      const second = await create(stage.requester, {
        scope: 'organization',
        subjectId: stage.requesterOrganizationId,
      });
      expect(second.body.url).not.toBe(reply.body.url);
    });

    it('needs a login, and membership of the organisation (or an admin)', async () => {
      const organization = { scope: 'organization', subjectId: stage.organizationId };
      const owner = { scope: 'owner', subjectId: stage.organizationId };
      expect((await create(undefined, organization)).status).toBe(401);
      expect((await create(stage.outsider, organization)).status).toBe(403);
      expect((await create(stage.outsider, owner)).status).toBe(403);
      expect((await create(stage.requester, owner)).status).toBe(403);
      expect((await create(stage.member, organization)).status).toBe(201);
      expect((await create(stage.member, owner)).status).toBe(201);
      expect((await create(stage.owner, owner)).status).toBe(201);
      expect((await create(stage.admin, owner)).status).toBe(201);
      expect((await create(stage.admin, organization)).status).toBe(201);
      expect((await create(stage.member, { scope: 'owner', subjectId: randomUUID() })).status).toBe(
        404,
      );
    });

    it('gives a user feed for oneself only; admins for anyone', async () => {
      expect(
        (await create(stage.requester, { scope: 'user', subjectId: stage.requester.id })).status,
      ).toBe(201);
      expect(
        (await create(stage.outsider, { scope: 'user', subjectId: stage.requester.id })).status,
      ).toBe(403);
      expect(
        (await create(stage.admin, { scope: 'user', subjectId: stage.requester.id })).status,
      ).toBe(201);
      expect((await create(stage.admin, { scope: 'user', subjectId: randomUUID() })).status).toBe(
        404,
      );
    });

    it('refuses a mentor feed for someone who is no mentor, and bad input, leaving the database as it was', async () => {
      const refusals: [unknown, number][] = [
        [{ scope: 'mentor', subjectId: stage.requester.id }, 404],
        [{ scope: 'forum', subjectId: stage.organizationId }, 400],
        [{ scope: 'organization', subjectId: 'not-a-uuid' }, 400],
        [{ scope: 'organization' }, 400],
        [{ subjectId: stage.organizationId }, 400],
        [{ scope: 'organization', subjectId: stage.organizationId, secret: 'mine' }, 400],
        [[], 400],
      ];
      for (const [body, status] of refusals) {
        const reply = await expectUnchanged(app.db, () => create(stage.owner, body));
        expect({ body, status: reply.status }).toEqual({ body, status });
        expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }
      const malformed = await expectUnchanged(app.db, () =>
        app.request('POST', '/api/calendar/tokens', undefined, {
          token: stage.owner.token,
          raw: '{"scope":',
          headers: { 'content-type': 'application/json' },
        }),
      );
      expect(malformed.status).toBe(400);
    });
  });

  describe('reading a feed', () => {
    it('shows an organisation its own bookings in every room, with title, place and state', async () => {
      const link = await createFeedLink(
        app,
        stage.requester,
        'organization',
        stage.requesterOrganizationId,
      );
      const reply = await getFeed(app, link.path);
      expect(reply.status).toBe(200);
      expect(reply.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
      expect(reply.headers.get('cache-control')).toMatch(/^private\b/);
      const parsed = parseFeed(reply.text);
      expect(parsed.events.map((event) => event.uid).sort()).toEqual(
        [uidOf(app, inOwnedRoom.id), uidOf(app, elsewhere.id)].sort(),
      );
      const event = parsed.event(uidOf(app, inOwnedRoom.id));
      expect(event).toMatchObject({
        summary: 'Elterncafé am Abend',
        status: 'CONFIRMED',
        sequence: inOwnedRoom.sequence,
        transp: 'OPAQUE',
        startZone: 'UTC',
      });
      expect(event.start.toISOString()).toBe(new Date(inOwnedRoom.startsAt).toISOString());
      expect(event.description).toContain('Status: bestätigt');
      expect(event.location).toMatch(
        /Gruppenraum .*, Bürgerhaus .*, Bergheimer Straße 147, 69115 Heidelberg/,
      );
      expect(parsed.event(uidOf(app, elsewhere.id)).status).toBe('CONFIRMED');
      expect(String(parsed.calendar.getFirstPropertyValue('x-wr-calname'))).toMatch(/^Buchungen: /);
      // Accept-Language wins over the creator's language.
      const english = await getFeed(app, link.path, { 'accept-language': 'en' });
      expect(parseFeed(english.text).event(uidOf(app, inOwnedRoom.id)).description).toContain(
        'Status: confirmed',
      );
    });

    it("shows owners every booking in their organisation's rooms, and nothing else", async () => {
      const link = await createFeedLink(app, stage.member, 'owner', stage.organizationId);
      const parsed = parseFeed((await getFeed(app, link.path)).text);
      expect(parsed.events.map((event) => event.uid).sort()).toEqual(
        [uidOf(app, inOwnedRoom.id), uidOf(app, foreign.id)].sort(),
      );
      const request = parsed.event(uidOf(app, foreign.id));
      expect(request).toMatchObject({
        summary: 'Frühstück der Nachbarschaft',
        status: 'TENTATIVE',
      });
      const names = await app.db.query(`SELECT name FROM organizations WHERE id = $1`, [
        foreignOrganizationId,
      ]);
      expect(request.description).toContain(names[0].name);
    });

    it("shows a user the bookings of all their organisations, under the same UIDs as the room's feed", async () => {
      const second = await createOrganization(app, stage.requester);
      const day = futureDay(3, 2);
      const own = await book(
        app,
        stage.requester,
        bookingInput(room.id, second.id, berlin(`${day}T12:00`), berlin(`${day}T13:00`), {
          title: 'Chorprobe',
        }),
      );
      const link = await createFeedLink(app, stage.requester, 'user', stage.requester.id);
      const parsed = parseFeed((await getFeed(app, link.path)).text);
      expect(parsed.events.map((event) => event.uid).sort()).toEqual(
        [inOwnedRoom.id, elsewhere.id, own.id].map((id) => uidOf(app, id)).sort(),
      );
      const roomFeed = parseFeed((await getFeed(app, `/api/calendar/rooms/${room.id}.ics`)).text);
      const publicView = roomFeed.event(uidOf(app, own.id));
      const privateView = parsed.event(uidOf(app, own.id));
      expect(publicView.sequence).toBe(privateView.sequence);
      expect(publicView.start).toEqual(privateView.start);
      expect(publicView.summary).toBe('Belegt');
      expect(privateView.summary).toBe('Chorprobe');
      expect(String(parsed.calendar.getFirstPropertyValue('name'))).toBe('Buchungen von Requester');
    });

    it('answers 304 while unchanged, and notes when the link was last used', async () => {
      const link = await createFeedLink(app, stage.owner, 'owner', stage.organizationId);
      const first = await getFeed(app, link.path);
      const etag = first.headers.get('etag')!;
      const again = await getFeed(app, link.path, { 'if-none-match': etag });
      expect(again.status).toBe(304);
      expect(again.text).toBe('');
      expect(again.headers.get('cache-control')).toMatch(/^private\b/);
      expect(
        (
          await getFeed(app, link.path, {
            'if-modified-since': first.headers.get('last-modified')!,
          })
        ).status,
      ).toBe(304);
      expect((await getFeed(app, link.path)).text).toBe(first.text);

      const listed = await app.get('/api/calendar/tokens', { token: stage.owner.token });
      const entry = listed.body.items.find((item: { id: string }) => item.id === link.id);
      expect(entry.lastUsedAt).toEqual(expect.any(String));
    });
  });

  describe('revoking and unknown links', () => {
    const withoutRequestId = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });

    it('answers a revoked link exactly as an unknown or malformed one: 404', async () => {
      const link = await createFeedLink(
        app,
        stage.requester,
        'organization',
        stage.requesterOrganizationId,
      );
      expect((await getFeed(app, link.path)).status).toBe(200);
      const revoked = await app.delete(`/api/calendar/tokens/${link.id}`, {
        token: stage.requester.token,
      });
      expect(revoked.status).toBe(204);

      const afterRevoke = await app.get(link.path);
      const unknownSecret = Buffer.from(sha256(randomUUID())).toString('base64url').slice(0, 43);
      const unknown = await app.get(`/api/calendar/feeds/${unknownSecret}.ics`);
      const malformed = await app.get('/api/calendar/feeds/x.ics');
      for (const reply of [afterRevoke, unknown, malformed]) {
        expect(reply.status).toBe(404);
        expect(reply.headers.get('content-type')).toBe(afterRevoke.headers.get('content-type'));
        expect(withoutRequestId(reply.body)).toEqual(withoutRequestId(afterRevoke.body));
        expect(reply.text).not.toContain(link.secret);
        expect(reply.text).not.toContain(unknownSecret);
      }
      expect(afterRevoke.body.instance).toBe('/api/calendar/feeds/redacted');
      // A second revocation finds nothing to revoke.
      expect(
        (await app.delete(`/api/calendar/tokens/${link.id}`, { token: stage.requester.token }))
          .status,
      ).toBe(404);
    });

    it("lets only the link's creator or an admin revoke it", async () => {
      const link = await createFeedLink(app, stage.member, 'organization', stage.organizationId);
      const byOwner = await expectUnchanged(app.db, () =>
        app.delete(`/api/calendar/tokens/${link.id}`, { token: stage.owner.token }),
      );
      expect(byOwner.status).toBe(404);
      expect((await app.delete(`/api/calendar/tokens/${link.id}`)).status).toBe(401);
      expect(
        (await app.delete('/api/calendar/tokens/not-a-uuid', { token: stage.member.token })).status,
      ).toBe(400);
      expect((await getFeed(app, link.path)).status).toBe(200);
      expect(
        (await app.delete(`/api/calendar/tokens/${link.id}`, { token: stage.admin.token })).status,
      ).toBe(204);
      expect((await getFeed(app, link.path)).status).toBe(404);
    });

    it('closes a link when its creator leaves the organisation', async () => {
      const leaving = await registerUser(app, { name: 'Leaving' });
      await addMember(app, stage.organizationId, stage.owner, leaving);
      const link = await createFeedLink(app, leaving, 'owner', stage.organizationId);
      expect((await getFeed(app, link.path)).status).toBe(200);
      const left = await app.delete(
        `/api/organizations/${stage.organizationId}/members/${leaving.id}`,
        {
          token: leaving.token,
        },
      );
      expect(left.status).toBe(204);
      expect((await getFeed(app, link.path)).status).toBe(404);
    });

    it('lists the caller’s live links without any secret', async () => {
      const user = await registerUser(app);
      const kept = await createFeedLink(app, user, 'user', user.id);
      const dropped = await createFeedLink(app, user, 'user', user.id);
      await app.delete(`/api/calendar/tokens/${dropped.id}`, { token: user.token });
      const listed = await app.get('/api/calendar/tokens', { token: user.token });
      expect(listed.status).toBe(200);
      expect(listed.body).toMatchObject({ total: 1, limit: 20, offset: 0 });
      expect(listed.body.items).toEqual([
        {
          id: kept.id,
          scope: 'user',
          subjectId: user.id,
          createdAt: expect.any(String),
          lastUsedAt: null,
        },
      ]);
      expect(listed.text).not.toContain(kept.secret);
      expect((await app.get('/api/calendar/tokens')).status).toBe(401);
    });
  });
});

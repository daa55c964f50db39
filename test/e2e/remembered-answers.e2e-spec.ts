import { DateTime } from 'luxon';
import { AvailabilityService } from '../../src/availability/availability.service';
import { DatabaseChanges } from '../../src/database/database-changes';
import { RoomQueryDto } from '../../src/rooms/dto/room-query.dto';
import { RoomSearchService } from '../../src/rooms/room-search.service';
import { RoomsService } from '../../src/rooms/rooms.service';
import { RoomPages } from '../../src/web/catalogue/room-pages.service';
import {
  berlin,
  book,
  bookingInput,
  BookingStage,
  createBookableRoom,
  createStage,
  EVERY_DAY_8_TO_22,
  futureDay,
  ZONE,
} from '../support/booking-factories';
import { setOpeningHours } from '../support/catalogue-factories';
import { loginAdmin } from '../support/factories';
import { startSharedServices, SharedServices } from '../support/shared-services';
import { expectUnchanged, HttpClient, startTestApp, TestApp } from '../support/test-app';
import { serverUrl, sharedServerUrl } from '../support/test-database';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The week from Monday `day` on, as an availability window (Berlin midnights). */
const weekOf = (day: string) => {
  const from = DateTime.fromISO(day, { zone: ZONE });
  return { from: from.toISO()!, to: from.plus({ weeks: 1 }).toISO()! };
};

const availabilityPath = (roomId: string, window: { from: string; to: string }) =>
  `/api/rooms/${roomId}/availability?from=${encodeURIComponent(window.from)}&to=${encodeURIComponent(window.to)}`;

/** The free-room search of one venue for `day` 18:00–20:00 (Berlin). */
const searchQuery = (venueId: string, day: string) => ({
  venueId,
  freeFrom: berlin(`${day}T18:00`),
  freeTo: berlin(`${day}T20:00`),
  limit: 100,
  offset: 0,
});
const searchPath = (query: ReturnType<typeof searchQuery>) =>
  `/api/rooms?venueId=${query.venueId}&freeFrom=${encodeURIComponent(query.freeFrom)}&freeTo=${encodeURIComponent(query.freeTo)}&limit=100`;

/**
 * What an answer is when computed from the database now, in `app`'s process, as the JSON the
 * route sends (or the status of the error it throws).
 */
async function freshAvailability(
  app: TestApp,
  roomId: string,
  window: { from: string; to: string },
): Promise<string> {
  try {
    const answer = await app.running.app
      .get(AvailabilityService)
      .forRoom(undefined, roomId, window.from, window.to);
    return JSON.stringify(answer);
  } catch (error) {
    return `error ${(error as { status?: number }).status ?? String(error)}`;
  }
}

async function freshSearch(app: TestApp, query: ReturnType<typeof searchQuery>): Promise<string> {
  const answer = await app.running.app
    .get(RoomSearchService)
    .search(undefined, Object.assign(new RoomQueryDto(), query));
  return JSON.stringify(answer);
}

/** What the pages get (`forRoomRemembered`, `searchRemembered`), written as the fresh answers. */
async function rememberedForPages(
  app: TestApp,
  roomId: string,
  window: { from: string; to: string },
  query: ReturnType<typeof searchQuery>,
): Promise<{ availability: string; search: string }> {
  let availability: string;
  try {
    availability = JSON.stringify(
      await app.running.app
        .get(AvailabilityService)
        .forRoomRemembered(undefined, roomId, window.from, window.to),
    );
  } catch (error) {
    availability = `error ${(error as { status?: number }).status ?? String(error)}`;
  }
  const search = await app.running.app
    .get(RoomSearchService)
    .searchRemembered(undefined, Object.assign(new RoomQueryDto(), query));
  return { availability, search: JSON.stringify(search) };
}

/** Each process links the feed with its own address. */
const sameOrigin = (html: string) =>
  html.replace(/http:\/\/[\w.:]+\/api\//g, 'http://service/api/');

/** The room page's own part rendered now from the database, as the public sees it. */
async function freshRoomPage(app: TestApp, roomId: string, day: string): Promise<string> {
  try {
    const { html } = await app.running.app.get(RoomPages).render(undefined, roomId, day, 'de');
    return sameOrigin(html);
  } catch (error) {
    return `error ${(error as { status?: number }).status ?? String(error)}`;
  }
}

/** The room's own part of its page for the week of `day` as `client` sends it to the public. */
async function roomPageMain(client: HttpClient, roomId: string, day: string): Promise<string> {
  const page = await fetch(`${client.url}/rooms/${roomId}?week=${day}`, {
    headers: { 'accept-language': 'de' },
  });
  const text = await page.text();
  if (page.status !== 200) return `error ${page.status}`;
  const main =
    /<main id="main" tabindex="-1"><div class="rfe-container">\n([\s\S]*)<\/div><\/main>/;
  return sameOrigin(main.exec(text)![1]);
}

/**
 * The room's page for the week of `day` as `client`'s process sends it to the public: its own
 * part (inside <main>, without the shell) holds what `freshRoomPage` renders, or the error.
 */
async function expectRoomPage(
  client: HttpClient,
  app: TestApp,
  roomId: string,
  day: string,
): Promise<void> {
  const before = await freshRoomPage(app, roomId, day);
  const main = await roomPageMain(client, roomId, day);
  const after = await freshRoomPage(app, roomId, day);
  // A quarter hour may turn between the three (the list's first start moves on with it).
  expect(before === after ? [before] : [before, after]).toContain(main);
}

/** What `client` answers, as the fresh computation is written (`error <status>` for 4xx). */
async function served(client: HttpClient, path: string): Promise<string> {
  const reply = await client.get(path);
  if (reply.status !== 200) return `error ${reply.status}`;
  expect(reply.headers.get('content-type')).toBe('application/json; charset=utf-8');
  return reply.text;
}

/**
 * `client` answers `expected` — at once, or, for a change it learns of only through the
 * database's notification, within 2 s (the notification's way from the database to the
 * process) — and keeps answering it.
 */
async function expectServed(
  client: HttpClient,
  path: string,
  expected: string,
  { atOnce }: { atOnce: boolean },
): Promise<void> {
  if (!atOnce) {
    const end = Date.now() + 2_000;
    while ((await served(client, path)) !== expected && Date.now() < end) await sleep(10);
  }
  for (let index = 0; index < 3; index++) expect(await served(client, path)).toBe(expected);
}

/**
 * Availability and the free-room search are answered from memory on a database server while
 * nothing they were made of was announced (`DatabaseChanges`). Every change they depend on must
 * show in the next answer: at once on the instance that made it (it waits for its own
 * notifications), and on another service process as soon as the notification has reached it.
 * That way of the notification from the database to a process (well under a millisecond here)
 * is the one window in which an instance may still send the answer of a moment before.
 */
(sharedServerUrl() ? describe : describe.skip)(
  'availability and free-room search from memory, on two processes of one database',
  () => {
    let shared: SharedServices;
    let hub: TestApp;
    let other: HttpClient;
    let stage: BookingStage;
    let room: { id: string };
    const day = futureDay(5);
    const window = weekOf(day);
    const query = () => searchQuery(stage.venueId, day);

    beforeAll(async () => {
      shared = await startSharedServices(1);
      hub = shared.hub;
      other = shared.clients[0];
      stage = await createStage(hub);
      room = await createBookableRoom(hub, stage, { bufferMinutes: 15 });
      const end = Date.now() + 10_000;
      while (!hub.running.app.get(DatabaseChanges).active && Date.now() < end) await sleep(20);
    });
    afterAll(() => shared?.stop());

    /** Both answers on both processes, asked twice so that the second comes from memory. */
    async function warm(): Promise<void> {
      for (const client of [hub, other, hub, other]) {
        await served(client, availabilityPath(room.id, window));
        await served(client, searchPath(query()));
      }
    }

    /**
     * After a change made through `through` (or, when null, directly in the database): both
     * answers on both processes are what the database gives now, byte for byte.
     */
    async function expectBothCurrent(through: HttpClient | null): Promise<void> {
      const availability = await freshAvailability(hub, room.id, window);
      const search = await freshSearch(hub, query());
      for (const client of [hub, other]) {
        const atOnce = client === through;
        await expectServed(client, availabilityPath(room.id, window), availability, { atOnce });
        await expectServed(client, searchPath(query()), search, { atOnce });
      }
      // The pages (room week, catalogue) read the same memory as the API, here the hub's.
      expect(await rememberedForPages(hub, room.id, window, query())).toEqual({
        availability,
        search,
      });
      // The room as the request form names it, from the hub's memory.
      expect(await roomProfile(hub, true)).toBe(await roomProfile(hub, false));
      // The room's page, kept as rendered, on both (each has heard of the change by now).
      for (const client of [hub, other]) await expectRoomPage(client, hub, room.id, day);
    }

    /** The room's profile as the public gets it, from memory or fresh (or the error's status). */
    const roomProfile = async (app: TestApp, remembered: boolean) => {
      const rooms = app.running.app.get(RoomsService);
      try {
        const read = remembered ? 'visibleProfileRemembered' : 'visibleProfile';
        return JSON.stringify(await rooms[read](undefined, room.id));
      } catch (error) {
        return `error ${(error as { status?: number }).status ?? String(error)}`;
      }
    };

    const found = async (client: HttpClient) =>
      (JSON.parse(await served(client, searchPath(query()))).items as { id: string }[]).some(
        (item) => item.id === room.id,
      );

    it('listens on both processes, and answers the same bytes as a fresh computation', async () => {
      await warm();
      await expectBothCurrent(hub);
      expect(await found(hub)).toBe(true);
    });

    it('shows a booking made, approved and cancelled, wherever it was made', async () => {
      await warm();
      const booking = await book(
        hub,
        stage.requester,
        bookingInput(
          room.id,
          stage.requesterOrganizationId,
          berlin(`${day}T18:30`),
          berlin(`${day}T19:30`),
        ),
      );
      await expectBothCurrent(hub);
      expect(await found(other)).toBe(false);

      await warm();
      const approved = await other.post(
        `/api/bookings/${booking.id}/approve`,
        {},
        {
          token: stage.owner.token,
        },
      );
      expect(approved.status).toBe(200);
      await expectBothCurrent(other);

      await warm();
      const cancelled = await other.post(
        `/api/bookings/${booking.id}/cancel`,
        {},
        {
          token: stage.requester.token,
        },
      );
      expect(cancelled.status).toBe(200);
      await expectBothCurrent(other);
      expect(await found(hub)).toBe(true);
    });

    it('shows changed opening hours and an added closure', async () => {
      await warm();
      await setOpeningHours(
        hub,
        stage.owner,
        room.id,
        EVERY_DAY_8_TO_22.map((interval) => ({ ...interval, closes: '19:00' })),
      );
      await expectBothCurrent(hub);
      expect(await found(other)).toBe(false);
      await setOpeningHours(hub, stage.owner, room.id, EVERY_DAY_8_TO_22);
      await expectBothCurrent(hub);

      await warm();
      const closure = await other.post(
        `/api/rooms/${room.id}/closures`,
        { startsAt: berlin(`${day}T17:00`), endsAt: berlin(`${day}T18:30`) },
        { token: stage.owner.token },
      );
      expect(closure.status).toBe(201);
      await expectBothCurrent(other);
      expect(await found(hub)).toBe(false);
      const removed = await hub.delete(`/api/rooms/${room.id}/closures/${closure.body.id}`, {
        token: stage.owner.token,
      });
      expect(removed.status).toBe(204);
      await expectBothCurrent(hub);
    });

    it('shows a changed buffer and policy, also when changed directly in the database', async () => {
      const neighbour = await book(
        hub,
        stage.requester,
        bookingInput(
          room.id,
          stage.requesterOrganizationId,
          berlin(`${day}T20:30`),
          berlin(`${day}T21:30`),
        ),
      );
      await expectBothCurrent(hub);
      expect(await found(hub)).toBe(true);
      await warm();
      // A buffer of 45 minutes keeps 19:45 onwards for the booking at 20:30.
      const patched = await hub.patch(
        `/api/rooms/${room.id}`,
        { policy: { bufferMinutes: 45 } },
        { token: stage.owner.token },
      );
      expect(patched.status).toBe(200);
      await expectBothCurrent(hub);
      expect(await found(other)).toBe(false);

      await warm();
      await hub.db.query(`UPDATE rooms SET max_duration_minutes = 60 WHERE id = $1`, [room.id]);
      await expectBothCurrent(null);
      await hub.db.query(
        `UPDATE rooms SET max_duration_minutes = 480, buffer_minutes = 15 WHERE id = $1`,
        [room.id],
      );
      await expectBothCurrent(null);
      const cancelled = await hub.post(
        `/api/bookings/${neighbour.id}/cancel`,
        {},
        {
          token: stage.requester.token,
        },
      );
      expect(cancelled.status).toBe(200);
      await expectBothCurrent(hub);
      expect(await found(other)).toBe(true);
    });

    it('answers 404 to the public from the next request on when the room is no longer listed', async () => {
      const path = availabilityPath(room.id, window);
      await warm();
      const inactive = await hub.patch(
        `/api/rooms/${room.id}`,
        { active: false },
        { token: stage.owner.token },
      );
      expect(inactive.status).toBe(200);
      await expectServed(hub, path, 'error 404', { atOnce: true });
      await expectServed(other, path, 'error 404', { atOnce: false });
      await expectBothCurrent(hub);
      expect(await found(other)).toBe(false);
      // The owner still sees it, computed for them: never from what the public was sent.
      const asOwner = await other.get(path, { token: stage.owner.token });
      expect(asOwner.status).toBe(200);
      expect(await served(other, path)).toBe('error 404');
      await hub.patch(`/api/rooms/${room.id}`, { active: true }, { token: stage.owner.token });
      await expectBothCurrent(hub);

      // Verification withdrawn by the agency, through the other process.
      await warm();
      const admin = await loginAdmin(hub);
      const withdrawn = await other.post(
        `/api/organizations/${stage.organizationId}/verify`,
        { verified: false },
        { token: admin.token },
      );
      expect(withdrawn.status).toBe(200);
      await expectServed(other, path, 'error 404', { atOnce: true });
      await expectServed(hub, path, 'error 404', { atOnce: false });
      await expectBothCurrent(other);
      expect(await found(hub)).toBe(false);
      // Verified again directly in the database.
      await hub.db.query(`UPDATE organizations SET verified_at = now() WHERE id = $1`, [
        stage.organizationId,
      ]);
      await expectBothCurrent(null);
      expect(await found(hub)).toBe(true);
    });

    it('keeps the same window written two ways as one answer', async () => {
      const path = availabilityPath(room.id, window);
      const utc = availabilityPath(room.id, {
        from: new Date(window.from).toISOString(),
        to: new Date(window.to).toISOString(),
      });
      expect(await served(other, utc)).toBe(await served(other, path));
      const plain = query();
      const written = searchPath({
        ...plain,
        freeFrom: new Date(plain.freeFrom).toISOString().replace('.000Z', '.000000Z'),
      });
      expect(await served(other, written)).toBe(await served(other, searchPath(plain)));
    });

    it('answers from memory: a change nobody announced is not seen until something is', async () => {
      await warm();
      const before = await served(other, availabilityPath(room.id, window));
      const roomPage = () => roomPageMain(other, room.id, day);
      await roomPage();
      const pageBefore = await roomPage();
      // Triggers off for this one transaction: the change is made, but not announced.
      await hub.db.transaction(async (manager) => {
        await manager.query(`SET LOCAL session_replication_role = replica`);
        await manager.query(
          `INSERT INTO room_closures (room_id, starts_at, ends_at) VALUES ($1, $2, $3)`,
          [room.id, berlin(`${day}T09:00`), berlin(`${day}T10:00`)],
        );
      });
      expect(await served(other, availabilityPath(room.id, window))).toBe(before);
      expect((await rememberedForPages(hub, room.id, window, query())).availability).toBe(before);
      expect(await freshAvailability(hub, room.id, window)).not.toBe(before);
      // The room's page too: as rendered before, while a fresh rendering shows the closure.
      expect(await roomPage()).toBe(pageBefore);
      expect(await freshRoomPage(hub, room.id, day)).not.toBe(pageBefore);
      // The room's name changed unannounced: the request form still names it as before.
      const profileBefore = await roomProfile(hub, true);
      await hub.db.transaction(async (manager) => {
        await manager.query(`SET LOCAL session_replication_role = replica`);
        await manager.query(`UPDATE rooms SET name = name || ' (neu)' WHERE id = $1`, [room.id]);
      });
      expect(await roomProfile(hub, true)).toBe(profileBefore);
      expect(await roomProfile(hub, false)).not.toBe(profileBefore);
      // Any announced change of the room ends it.
      await hub.db.query(`UPDATE rooms SET name = name WHERE id = $1`, [room.id]);
      await expectBothCurrent(null);
      expect(await served(other, availabilityPath(room.id, window))).not.toBe(before);
    });
  },
);

describe('availability and free-room search without a database server', () => {
  // The embedded database cannot stay in LISTEN: every answer is computed, and a change shows
  // at once. Only where there is no server: the describe above covers the server.
  if (!serverUrl())
    it('computes every answer, and a change shows at once', async () => {
      const app = await startTestApp({ JOB_INTERVAL_SECONDS: '0' });
      try {
        expect(app.running.app.get(DatabaseChanges).active).toBe(false);
        const stage = await createStage(app);
        const room = await createBookableRoom(app, stage);
        const day = futureDay(5);
        const window = weekOf(day);
        const query = searchQuery(stage.venueId, day);
        const first = await served(app, availabilityPath(room.id, window));
        expect(first).toBe(await freshAvailability(app, room.id, window));
        expect(await served(app, searchPath(query))).toBe(await freshSearch(app, query));
        await app.db.query(
          `INSERT INTO room_closures (room_id, starts_at, ends_at) VALUES ($1, $2, $3)`,
          [room.id, berlin(`${day}T17:00`), berlin(`${day}T19:00`)],
        );
        const changed = await served(app, availabilityPath(room.id, window));
        expect(changed).not.toBe(first);
        expect(changed).toBe(await freshAvailability(app, room.id, window));
        expect(JSON.parse(await served(app, searchPath(query))).items).toEqual([]);
      } finally {
        await app.close();
      }
    });
});

describe('bad requests for answers kept in memory', () => {
  let app: TestApp;
  let stage: BookingStage;
  let room: { id: string };

  beforeAll(async () => {
    app = await startTestApp({ JOB_INTERVAL_SECONDS: '0' });
    stage = await createStage(app);
    room = await createBookableRoom(app, stage);
  });
  afterAll(() => app.close());

  it('are refused with problem+json, change nothing, and leave the good answers alone', async () => {
    const window = weekOf(futureDay(5));
    const eightDaysLater = new Date(Date.parse(window.from) + 8 * 86_400_000).toISOString();
    const good = await served(app, availabilityPath(room.id, window));
    const bad = [
      availabilityPath(room.id, { from: window.to, to: window.from }),
      availabilityPath(room.id, { from: window.from, to: '2099-01-01T00:00:00Z' }),
      availabilityPath(room.id, { from: 'soon', to: window.to }),
      `/api/rooms?freeFrom=${encodeURIComponent(window.from)}`,
      `/api/rooms?freeFrom=${encodeURIComponent(window.from)}&freeTo=${encodeURIComponent(eightDaysLater)}&limit=100`,
      `/api/rooms?freeFrom=${encodeURIComponent(window.from)}&freeTo=${encodeURIComponent(window.from)}`,
    ];
    await expectUnchanged(app.db, async () => {
      for (const path of bad) {
        const reply = await app.get(path);
        expect(reply.status).toBe(400);
        expect(reply.headers.get('content-type')).toContain('application/problem+json');
      }
    });
    expect(await served(app, availabilityPath(room.id, window))).toBe(good);
  });
});

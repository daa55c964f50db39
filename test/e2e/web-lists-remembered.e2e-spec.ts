import { DatabaseChanges } from '../../src/database/database-changes';
import { WebSessionsService } from '../../src/web/shell/web-sessions.service';
import {
  berlin,
  BookingStage,
  createBookableRoom,
  createStage,
  futureDay,
  requestSlot,
} from '../support/booking-factories';
import { createSession, sessionInput } from '../support/forum-factories';
import { startService, ServiceProcess } from '../support/service-process';
import { httpClient, HttpClient, startTestApp, TEST_ENV, TestApp } from '../support/test-app';
import {
  createSharedServerDatabase,
  sharedServerUrl,
  TestDatabase,
} from '../support/test-database';
import { WebClient } from '../support/web-client';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const MAIN = /<main id="main" tabindex="-1"><div class="rfe-container">\n([\s\S]*)<\/div><\/main>/;

/**
 * The booking lists of the pages ("my bookings", "incoming requests") are remembered per
 * process while nothing they show was announced (`BookingQueriesService.listRemembered`, the
 * page's part kept with the answer). Two listening processes (the hub in this one, a service
 * process) and a third that does not listen (`FEED_CHANGES_LISTEN=false`, so it reads and
 * renders every list afresh) share one database: after every change, made through either or
 * directly in the database, both listening ones show what the third shows.
 */
(sharedServerUrl() ? describe : describe.skip)(
  'booking lists of the pages from memory, on two processes of one database',
  () => {
    let database: TestDatabase;
    let hub: TestApp;
    let other: ServiceProcess;
    let fresh: ServiceProcess;
    let otherApi: HttpClient;
    let stage: BookingStage;
    let room: { id: string };
    const day = futureDay(4);

    beforeAll(async () => {
      database = await createSharedServerDatabase();
      const own = { JOB_INTERVAL_SECONDS: '0' };
      const env = { ...TEST_ENV, ...database.env, ...own };
      [hub, other, fresh] = await Promise.all([
        startTestApp(own, database),
        startService(env),
        startService({ ...env, FEED_CHANGES_LISTEN: 'false' }),
      ]);
      otherApi = httpClient(other.url);
      stage = await createStage(hub);
      room = await createBookableRoom(hub, stage);
      await requestSlot(hub, stage, room.id, day, '10:00', '12:00');
      const end = Date.now() + 10_000;
      while (!hub.running.app.get(DatabaseChanges).active && Date.now() < end) await sleep(20);
    });
    afterAll(async () => {
      await Promise.all([other?.stop(), fresh?.stop()]);
      await hub?.close();
      await database?.drop();
    });

    /** A browser signed in as `user` on the service at `url`. */
    async function browserOf(url: string, user: { id: string }): Promise<WebClient> {
      const client = new WebClient(url);
      const sessions = hub.running.app.get(WebSessionsService, { strict: false });
      client.cookies.set('rfe_session', (await sessions.open(user.id)).secret);
      return client;
    }

    /** The page's own part (inside <main>, without the browser's own form token), or its status. */
    async function main(client: WebClient, path: string): Promise<string> {
      const reply = await client.get(path);
      if (reply.status !== 200) return `error ${reply.status}`;
      return MAIN.exec(reply.text)![1].replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf"');
    }

    // The lists, the owners' overview, and the request form with its choice of organisation.
    const lists = () => [
      '/bookings/mine',
      '/bookings/requests',
      '/owner/venues',
      `/bookings/new?roomId=${room.id}`,
    ];

    /**
     * Each list of each user, on both listening processes (asked twice: the second from
     * memory), is what the process that does not listen renders now — at once on the process
     * that made the change, within 2 s (the notification's way) on the other.
     */
    async function expectCurrent(through: 'hub' | 'other' | null): Promise<void> {
      for (const user of [stage.requester, stage.owner]) {
        const reference = await browserOf(fresh.url, user);
        for (const [name, url] of [
          ['hub', hub.url],
          ['other', other.url],
        ] as const) {
          const browser = await browserOf(url, user);
          for (const path of lists()) {
            const expected = await main(reference, path);
            if (through !== name) {
              const end = Date.now() + 2_000;
              while ((await main(browser, path)) !== expected && Date.now() < end) await sleep(10);
            }
            for (let index = 0; index < 2; index++) {
              expect([name, path, await main(browser, path)]).toEqual([name, path, expected]);
            }
          }
        }
      }
    }

    /** Every list of both users loaded on both listening processes, so that they remember. */
    async function warm(): Promise<Map<string, string>> {
      const seen = new Map<string, string>();
      for (const user of [stage.requester, stage.owner]) {
        for (const url of [hub.url, other.url]) {
          const browser = await browserOf(url, user);
          for (const path of lists()) {
            await main(browser, path);
            seen.set(`${user.id}|${url}|${path}`, await main(browser, path));
          }
        }
      }
      return seen;
    }

    it('shows what a fresh rendering shows, and every change, wherever it was made', async () => {
      await warm();
      await expectCurrent('hub');
      const before = await main(await browserOf(other.url, stage.requester), '/bookings/mine');
      expect(before).toContain('Elterncafé');

      // A request through the other process's API: both lists of both users.
      await warm();
      const second = await otherApi.post(
        '/api/bookings',
        {
          roomId: room.id,
          organizationId: stage.requesterOrganizationId,
          startsAt: berlin(`${day}T14:00`),
          endsAt: berlin(`${day}T15:00`),
          title: 'Hausaufgabenhilfe',
        },
        { token: stage.requester.token },
      );
      expect(second.status).toBe(201);
      await expectCurrent('other');
      expect(await main(await browserOf(hub.url, stage.owner), '/bookings/requests')).toContain(
        'Hausaufgabenhilfe',
      );

      // Approved through the hub: it leaves the incoming requests, and shows as approved.
      await warm();
      const approved = await hub.post(
        `/api/bookings/${(second.body as { id: string }).id}/approve`,
        {},
        { token: stage.owner.token },
      );
      expect(approved.status).toBe(200);
      await expectCurrent('hub');

      // The requesting organisation renamed, the room renamed: directly in the database.
      await warm();
      await hub.db.query(`UPDATE organizations SET name = 'Elternverein Süd' WHERE id = $1`, [
        stage.requesterOrganizationId,
      ]);
      await expectCurrent(null);
      expect(await main(await browserOf(other.url, stage.owner), '/bookings/requests')).toContain(
        'Elternverein Süd',
      );
      await warm();
      await hub.db.query(`UPDATE rooms SET name = 'Saal am Fluss' WHERE id = $1`, [room.id]);
      await expectCurrent(null);
      expect(await main(await browserOf(other.url, stage.requester), '/bookings/mine')).toContain(
        'Saal am Fluss',
      );

      // The requester joins the owning organisation (directly): the requests for its rooms
      // are now theirs to see as well.
      await warm();
      await hub.db.query(
        `INSERT INTO memberships (organization_id, user_id, role) VALUES ($1, $2, 'member')`,
        [stage.organizationId, stage.requester.id],
      );
      await expectCurrent(null);
      expect(
        await main(await browserOf(other.url, stage.requester), '/bookings/requests'),
      ).toContain('Elterncafé');
      await hub.db.query(`DELETE FROM memberships WHERE organization_id = $1 AND user_id = $2`, [
        stage.organizationId,
        stage.requester.id,
      ]);
      await expectCurrent(null);
    });

    it('answers from memory: a change nobody announced is not seen until something is', async () => {
      const seen = await warm();
      await hub.db.transaction(async (manager) => {
        await manager.query(`SET LOCAL session_replication_role = replica`);
        await manager.query(`UPDATE bookings SET title = 'Unangekündigt' WHERE room_id = $1`, [
          room.id,
        ]);
      });
      const browser = await browserOf(other.url, stage.requester);
      expect(await main(browser, '/bookings/mine')).toBe(
        seen.get(`${stage.requester.id}|${other.url}|/bookings/mine`),
      );
      expect(await main(await browserOf(fresh.url, stage.requester), '/bookings/mine')).toContain(
        'Unangekündigt',
      );
      // Any announced change of the organisation's bookings ends it.
      await hub.db.query(`UPDATE bookings SET title = title WHERE room_id = $1`, [room.id]);
      await expectCurrent(null);
    });

    it('takes a booking out of "my bookings" a day after its end, by the clock alone', async () => {
      // A booking that ended almost a day ago (written directly: the API takes none in the past).
      const ended = Date.now() - 24 * 3600_000 + 3_000;
      await hub.db.query(
        `INSERT INTO bookings (room_id, organization_id, requested_by, status, starts_at, ends_at,
                               buffer_minutes, title, decided_at)
         VALUES ($1, $2, $3, 'approved', $4, $5, 0, 'Gestern', now())`,
        [
          room.id,
          stage.requesterOrganizationId,
          stage.requester.id,
          new Date(ended - 3600_000),
          new Date(ended),
        ],
      );
      const browser = await browserOf(other.url, stage.requester);
      await expectCurrent(null);
      expect(await main(browser, '/bookings/mine')).toContain('Gestern');
      await sleep(Math.max(0, ended + 24 * 3600_000 - Date.now()) + 50);
      expect(await main(browser, '/bookings/mine')).not.toContain('Gestern');
      await expectCurrent(null);
    });
    it('shows the forum programme as a fresh rendering does, after every change to it', async () => {
      const anonymous = (url: string) => new WebClient(url);
      const programme = async (through: 'hub' | 'other' | null) => {
        const expected = await main(anonymous(fresh.url), '/forum');
        for (const [name, url] of [
          ['hub', hub.url],
          ['other', other.url],
        ] as const) {
          const browser = anonymous(url);
          if (through !== name) {
            const end = Date.now() + 2_000;
            while ((await main(browser, '/forum')) !== expected && Date.now() < end)
              await sleep(10);
          }
          for (let index = 0; index < 2; index++) {
            expect([name, await main(browser, '/forum')]).toEqual([name, expected]);
          }
        }
        return expected;
      };
      await programme('hub');
      // A session planned through the hub's API (its booking made in the room, approved).
      const session = (await createSession(
        hub,
        stage,
        sessionInput(room.id, futureDay(4, 2), '18:00', '20:00'),
      )) as { id: string };
      expect(await programme('hub')).toContain('Fördermittel beantragen');
      // Renamed through the other process, then the room renamed directly in the database.
      const renamed = await otherApi.patch(
        `/api/forum/sessions/${session.id}`,
        { title: 'Förderanträge schreiben' },
        { token: stage.admin.token },
      );
      expect(renamed.status).toBe(200);
      expect(await programme('other')).toContain('Förderanträge schreiben');
      await hub.db.query(`UPDATE rooms SET name = 'Saal am Hafen' WHERE id = $1`, [room.id]);
      expect(await programme(null)).toContain('Saal am Hafen');
      // Its booking no longer approved (directly): the session shows as tentative.
      await hub.db.query(
        `UPDATE bookings SET status = 'pending', decided_at = NULL, decided_by = NULL,
                expires_at = starts_at
          WHERE id = (SELECT booking_id FROM forum_sessions WHERE id = $1)`,
        [session.id],
      );
      const tentative = await programme(null);
      // A change nobody announced is not seen until something is.
      await hub.db.transaction(async (manager) => {
        await manager.query(`SET LOCAL session_replication_role = replica`);
        await manager.query(`UPDATE forum_sessions SET title = 'Unangekündigt' WHERE id = $1`, [
          session.id,
        ]);
      });
      expect(await main(anonymous(other.url), '/forum')).toBe(tentative);
      await hub.db.query(`UPDATE topics SET position = position`);
      expect(await programme(null)).toContain('Unangekündigt');
    });
  },
);

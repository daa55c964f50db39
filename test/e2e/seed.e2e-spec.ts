import { DateTime } from 'luxon';
import { ORGANIZATION_KINDS } from '../../src/organizations/organization.entity';
import {
  DEMO_ACCOUNTS,
  DEMO_ORGANIZATIONS,
  DEMO_PASSWORD,
  DEMO_VENUES,
} from '../../scripts/seed/base-demo';
import { BASE_ROOM_COUNT, generatedCatalogue } from '../../scripts/seed/catalogue';
import { DISTRICT_NAMES } from '../../scripts/seed/heidelberg';
import { SeedError, seedDemo, SeedResult } from '../../scripts/seed/seed';
import { login } from '../support/factories';
import { expectUnchanged, startTestApp, TestApp } from '../support/test-app';

const demoAdmin = DEMO_ACCOUNTS.find((account) => account.isAdmin)!;
const count = async (app: TestApp, table: string): Promise<number> =>
  (await app.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

describe('demo seed', () => {
  let app: TestApp;
  let first: SeedResult;
  let adminToken: string;

  beforeAll(async () => {
    app = await startTestApp();
    first = await seedDemo(app.db);
    adminToken = await login(app, demoAdmin.email, DEMO_PASSWORD);
  });
  afterAll(() => app.close());

  it('writes the hand-written catalogue, its organisations and accounts', async () => {
    expect(BASE_ROOM_COUNT).toBeGreaterThanOrEqual(36);
    expect(first.written).toMatchObject({
      rooms: BASE_ROOM_COUNT,
      venues: DEMO_VENUES.length,
      organizations: DEMO_ORGANIZATIONS.length,
      users: DEMO_ACCOUNTS.length,
    });
    expect(first.demoRooms).toBe(BASE_ROOM_COUNT);
    expect(await count(app, 'rooms')).toBe(BASE_ROOM_COUNT);

    // Admins see every room; anyone else the active ones.
    const all = await app.get('/api/rooms?limit=1', { token: adminToken });
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(BASE_ROOM_COUNT);
    const inactive = DEMO_VENUES.flatMap((venue) => venue.rooms).filter(
      (room) => room.active === false,
    );
    expect(inactive.length).toBeGreaterThan(0);
    const anonymous = await app.get('/api/rooms?limit=1');
    expect(anonymous.body.total).toBe(BASE_ROOM_COUNT - inactive.length);
  });

  it('has venues in every district of the city', async () => {
    expect(DISTRICT_NAMES).toHaveLength(15);
    for (const district of DISTRICT_NAMES) {
      const reply = await app.get(`/api/rooms?district=${encodeURIComponent(district)}&limit=1`);
      expect({ district, status: reply.status, found: reply.body.total > 0 }).toEqual({
        district,
        status: 200,
        found: true,
      });
      expect(reply.body.items[0].venue.address).toMatchObject({
        city: 'Heidelberg',
        postalCode: expect.stringMatching(/^691\d\d$/),
      });
    }
  });

  it('finds rooms with a kitchen by the German word', async () => {
    const reply = await app.get('/api/rooms?q=K%C3%BCche&limit=100');
    expect(reply.status).toBe(200);
    expect(reply.body.total).toBeGreaterThanOrEqual(5);
    const found: string[] = reply.body.items.map((room: { id: string }) => room.id);
    // Every room that says "Küche" is found; the others found are in a venue that says it.
    const saying = await app.db.query(
      `SELECT id FROM rooms WHERE active AND (description ~* '\\mKüche\\M' OR name = 'Küche')`,
    );
    expect(saying.length).toBeGreaterThanOrEqual(5);
    expect(found).toEqual(expect.arrayContaining(saying.map((row: { id: string }) => row.id)));
    const unrelated = await app.db.query(
      `SELECT r.name FROM rooms r JOIN venues v ON v.id = r.venue_id
        WHERE r.id = ANY($1::uuid[])
          AND concat_ws(' ', r.name, r.description, v.name, v.description) !~* 'küche'`,
      [found],
    );
    expect(unrelated).toEqual([]);
    const byFeature = await app.get('/api/rooms?features=kitchen,tables&limit=1');
    expect(byFeature.body.total).toBeGreaterThan(0);
  });

  it('varies capacity, accessibility, price and booking rules', async () => {
    const [row] = await app.db.query(`
      SELECT min(capacity) AS min_capacity, max(capacity) AS max_capacity,
             count(*) FILTER (WHERE step_free) AS step_free,
             count(*) FILTER (WHERE NOT step_free) AS with_steps,
             count(*) FILTER (WHERE hearing_loop) AS hearing_loop,
             count(DISTINCT price_kind) AS price_kinds,
             count(DISTINCT approval) AS approvals,
             count(*) FILTER (WHERE requires_verified_organization) AS verified_only,
             count(DISTINCT f) AS features
        FROM rooms, unnest(features) AS f`);
    expect(row.min_capacity).toBeLessThanOrEqual(10);
    expect(row.max_capacity).toBeGreaterThanOrEqual(150);
    expect(Number(row.step_free)).toBeGreaterThan(0);
    expect(Number(row.with_steps)).toBeGreaterThan(0);
    expect(Number(row.hearing_loop)).toBeGreaterThan(0);
    expect(Number(row.price_kinds)).toBe(3);
    expect(Number(row.approvals)).toBe(2);
    expect(Number(row.verified_only)).toBeGreaterThan(0);
    expect(Number(row.features)).toBeGreaterThanOrEqual(15);
  });

  it('opens rooms on some days with several intervals, and closes them for the holidays', async () => {
    const [hours] = await app.db.query(`
      SELECT
        (SELECT count(*) FROM (SELECT 1 FROM room_opening_hours GROUP BY room_id, weekday
                                HAVING count(*) > 1) split) AS split_days,
        (SELECT count(*) FROM rooms r WHERE (SELECT count(DISTINCT weekday)
                                FROM room_opening_hours h WHERE h.room_id = r.id) < 7) AS closed_some_day,
        (SELECT count(*) FROM rooms r WHERE NOT EXISTS
                                (SELECT 1 FROM room_opening_hours h WHERE h.room_id = r.id)) AS never_open`);
    expect(Number(hours.split_days)).toBeGreaterThan(0);
    expect(Number(hours.closed_some_day)).toBeGreaterThan(0);
    expect(Number(hours.never_open)).toBe(0);

    // A school's rooms are shut over Christmas; the public sees the period, not the reason.
    const school = DEMO_VENUES.find((venue) => venue.kind === 'school')!;
    const rooms = await app.get(`/api/rooms?district=${school.district}&limit=100`);
    const aula = rooms.body.items.find((room: { name: string }) => room.name === 'Aula');
    expect(aula.openingHours.length).toBeGreaterThan(0);
    expect(aula.openingHours[0]).toEqual({
      weekday: expect.any(Number),
      opens: expect.stringMatching(/^\d\d:\d\d$/),
      closes: expect.stringMatching(/^\d\d:\d\d$/),
    });
    const closures = await app.get(`/api/rooms/${aula.id}/closures`, { token: adminToken });
    expect(closures.status).toBe(200);
    const christmas = closures.body.items.find(
      (closure: { reason: string }) => closure.reason === 'Weihnachtsferien',
    );
    const starts = DateTime.fromISO(christmas.startsAt, { zone: 'Europe/Berlin' });
    expect([starts.month, starts.day, starts.hour]).toEqual([12, 23, 0]);
  });

  it('has organisations of every kind, in many languages, some not verified yet', async () => {
    for (const kind of ORGANIZATION_KINDS) {
      const reply = await app.get(`/api/organizations?kind=${kind}&limit=1`);
      expect({ kind, found: reply.body.total > 0 }).toEqual({ kind, found: true });
    }
    for (const language of ['de', 'tr', 'ar', 'ru', 'uk', 'fa']) {
      const reply = await app.get(`/api/organizations?language=${language}&limit=1`);
      expect({ language, found: reply.body.total > 0 }).toEqual({ language, found: true });
    }
    const unverified = await app.get('/api/organizations?verified=false&limit=1');
    const verified = await app.get('/api/organizations?verified=true&limit=1');
    expect(unverified.body.total).toBeGreaterThan(0);
    expect(verified.body.total).toBeGreaterThan(unverified.body.total);
  });

  it('lets every demo account log in with the printed password', async () => {
    expect(first.password).toBe(DEMO_PASSWORD);
    expect(first.accounts).toEqual(DEMO_ACCOUNTS);
    const me = await app.get('/api/me', { token: adminToken });
    expect(me.body).toMatchObject({ email: demoAdmin.email, isAdmin: true });

    for (const account of DEMO_ACCOUNTS.filter((candidate) => !candidate.isAdmin)) {
      const token = await login(app, account.email, DEMO_PASSWORD);
      const mine = await app.get('/api/organizations?mine=true', { token });
      expect({ account: account.email, organisations: mine.body.total > 0 }).toEqual({
        account: account.email,
        organisations: true,
      });
    }
    const [hash] = await app.db.query(`SELECT password_hash FROM users WHERE email = $1`, [
      demoAdmin.email,
    ]);
    expect(hash.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('adds nothing when run a second time', async () => {
    const again = await expectUnchanged(app.db, () => seedDemo(app.db));
    expect(again.written).toEqual({
      organizations: 0,
      venues: 0,
      rooms: 0,
      openingHours: 0,
      closures: 0,
      users: 0,
      memberships: 0,
    });
    expect(again.demoRooms).toBe(BASE_ROOM_COUNT);
  });

  it('refuses a size smaller than the hand-written demo, changing nothing', async () => {
    await expectUnchanged(app.db, () =>
      expect(seedDemo(app.db, { rooms: BASE_ROOM_COUNT - 1 })).rejects.toThrow(SeedError),
    );
  });

  it('generates exactly as many rooms as asked for, and no more on a second run', async () => {
    const sized = await seedDemo(app.db, { rooms: 1000 });
    expect(sized.written.rooms).toBe(1000 - BASE_ROOM_COUNT);
    expect(sized.written.users).toBe(0);
    expect(sized.demoRooms).toBe(1000);
    expect(await count(app, 'rooms')).toBe(1000);
    const all = await app.get('/api/rooms?limit=1', { token: adminToken });
    expect(all.body.total).toBe(1000);

    const again = await expectUnchanged(app.db, () => seedDemo(app.db, { rooms: 1000 }));
    expect(again.written.rooms).toBe(0);
    expect(await count(app, 'rooms')).toBe(1000);
  });

  it('generates the same rooms whichever way the catalogue is sliced', () => {
    const today = DateTime.fromISO('2026-03-02T10:00:00', { zone: 'Europe/Berlin' });
    const whole = generatedCatalogue(0, 120, today);
    const halves = [generatedCatalogue(0, 50, today), generatedCatalogue(50, 120, today)];
    expect(whole.rooms).toHaveLength(120);
    expect(halves.flatMap((half) => half.rooms)).toEqual(whole.rooms);
    expect(halves.flatMap((half) => half.openingHours)).toEqual(whole.openingHours);
    expect(generatedCatalogue(0, 120, today)).toEqual(whole);
  });
});

import { BookingStage, createBookableRoom, createStage } from '../support/booking-factories';
import { createRoom, createVenue } from '../support/catalogue-factories';
import { addMember, createOrganization, registerUser, TestUser } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { webClientOf } from '../support/web-client';

interface Row {
  id: string;
  room_id: string;
  organization_id: string;
  status: string;
  starts_at: Date;
  ends_at: Date;
}

const HOUR = 3_600_000;

/**
 * The booking lists draw their page from each of the caller's organisations and rooms on its
 * own and merge them (BookingQueriesService.list): here the rows of several organisations and
 * rooms lie interleaved in time, some starting at the same instant, and every page — of the
 * API and of the web pages — must continue exactly where the one before ended, in the order
 * of the whole list (start, then id), with the total of all matches and nothing the caller
 * may not see.
 */
describe('booking lists across organisations and rooms', () => {
  let app: TestApp;
  let stage: BookingStage;
  /** The requester's second organisation. */
  let second: { id: string };
  /** An organisation of the outsider, with a room of its own. */
  let third: { id: string };
  let ownRooms: string[];
  let foreignRoom: string;
  let rows: Row[];

  beforeAll(async () => {
    app = await startTestApp({ JOB_INTERVAL_SECONDS: '0', MAIL_INTERVAL_SECONDS: '0' });
    stage = await createStage(app);
    ownRooms = [
      (await createBookableRoom(app, stage)).id,
      (await createBookableRoom(app, stage)).id,
    ];
    second = await createOrganization(app, stage.requester, { name: 'Nachbarschaftstreff Süd' });
    third = await createOrganization(app, stage.outsider, { name: 'Chor am Neckar' });
    const venue = await createVenue(app, stage.outsider, third.id);
    foreignRoom = (await createRoom(app, stage.outsider, venue.id)).id;

    // Whole hours from tomorrow on; in the owners' rooms each hour holds at most one request.
    const base = Math.ceil(Date.now() / HOUR) * HOUR + 24 * HOUR;
    const [first, other] = ownRooms;
    const planned: [string, string, string, number, number][] = [];
    for (let i = 0; i < 14; i++) {
      const at = base + 2 * i * HOUR;
      planned.push([
        first,
        stage.requesterOrganizationId,
        i % 4 === 3 ? 'declined' : 'pending',
        at,
        at + HOUR,
      ]);
      // The same instant in the other room, for the second organisation: ties across keys.
      planned.push([other, second.id, i % 5 === 4 ? 'cancelled' : 'pending', at, at + HOUR]);
      planned.push([first, third.id, 'pending', at + HOUR, at + 2 * HOUR]);
      planned.push([foreignRoom, second.id, 'approved', at + HOUR, at + 1.5 * HOUR]);
      planned.push([foreignRoom, third.id, 'pending', at + 1.5 * HOUR, at + 2 * HOUR]);
    }
    // Over long ago, over some thirty hours ago, and one still running since three days.
    planned.push([
      first,
      stage.requesterOrganizationId,
      'approved',
      base - 30 * 24 * HOUR,
      base - 30 * 24 * HOUR + HOUR,
    ]);
    planned.push([first, second.id, 'approved', base - 60 * HOUR, base - 54 * HOUR]);
    planned.push([
      other,
      stage.requesterOrganizationId,
      'approved',
      base - 72 * HOUR,
      base - 20 * HOUR,
    ]);
    rows = await app.db.query<Row[]>(
      `INSERT INTO bookings (room_id, organization_id, status, starts_at, ends_at, title)
       SELECT room, organization, status, to_timestamp(starts / 1000.0), to_timestamp(ends / 1000.0),
              'Liste ' || n
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::float8[], $5::float8[])
              WITH ORDINALITY AS t (room, organization, status, starts, ends, n)
       RETURNING id, room_id, organization_id, status, starts_at, ends_at`,
      [0, 1, 2, 3, 4].map((column) => planned.map((row) => row[column])),
    );
  });
  afterAll(() => app.close());

  /** The whole list as it must be: the matching rows by start, then id (as PostgreSQL orders uuids). */
  const expected = (matches: (row: Row) => boolean): string[] =>
    rows
      .filter(matches)
      .sort(
        (a, b) =>
          a.starts_at.getTime() - b.starts_at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      )
      .map((row) => row.id);

  /** Every page of the API's list, `limit` at a time, until one comes back empty. */
  async function walk(user: TestUser, query: string, limit: number) {
    const ids: string[] = [];
    const totals = new Set<number>();
    for (let offset = 0; ; offset += limit) {
      const reply = await app.get(`/api/bookings?limit=${limit}&offset=${offset}${query}`, {
        token: user.token,
      });
      expect(reply.status).toBe(200);
      totals.add(reply.body.total);
      const page = (reply.body.items as { id: string }[]).map((item) => item.id);
      ids.push(...page);
      if (page.length < limit) return { ids, totals: [...totals] };
    }
  }

  it("pages through the requester's two organisations, page after page in one order", async () => {
    const mine = [stage.requesterOrganizationId, second.id];
    const all = expected((row) => mine.includes(row.organization_id));
    expect(all.length).toBe(45);
    for (const limit of [1, 4, 7, 100]) {
      expect(await walk(stage.requester, '&as=requester', limit)).toEqual({
        ids: all,
        totals: [all.length],
      });
    }

    // Ended before `from`: left out; still running at `from`: first.
    const from = new Date(Date.now() - 24 * HOUR);
    const current = expected((row) => mine.includes(row.organization_id) && row.ends_at > from);
    expect(current.length).toBe(43);
    expect(await walk(stage.requester, `&as=requester&from=${from.toISOString()}`, 6)).toEqual({
      ids: current,
      totals: [current.length],
    });

    const open = expected((row) => mine.includes(row.organization_id) && row.status === 'pending');
    expect(await walk(stage.requester, '&as=requester&status=pending', 5)).toEqual({
      ids: open,
      totals: [open.length],
    });
    const ofSecond = expected((row) => row.organization_id === second.id);
    expect(await walk(stage.requester, `&organizationId=${second.id}`, 8)).toEqual({
      ids: ofSecond,
      totals: [ofSecond.length],
    });
  });

  it("pages through the open requests of the owners' rooms, whoever asked", async () => {
    const open = expected((row) => ownRooms.includes(row.room_id) && row.status === 'pending');
    expect(open.length).toBe(37);
    for (const limit of [3, 25]) {
      expect(await walk(stage.owner, '&as=owner&status=pending', limit)).toEqual({
        ids: open,
        totals: [open.length],
      });
    }
    // Those of the second room between two instants: what a decision's page shows beside it.
    const [, other] = ownRooms;
    const from = rows.find((row) => row.room_id === other && row.status === 'pending')!.starts_at;
    const to = new Date(from.getTime() + 9 * HOUR);
    const between = expected(
      (row) =>
        ownRooms.includes(row.room_id) &&
        ['pending', 'approved'].includes(row.status) &&
        row.ends_at > from &&
        row.starts_at < to,
    );
    expect(between.length).toBe(12);
    expect(
      await walk(
        stage.owner,
        `&as=owner&status=pending,approved&from=${from.toISOString()}&to=${to.toISOString()}`,
        2,
      ),
    ).toEqual({ ids: between, totals: [between.length] });
  });

  it("lists a booking of one's organisation in one's own room once, and counts it once", async () => {
    // A member of the owning organisation and of the requester's second one: without `as`,
    // the bookings of both organisations and those in the owners' rooms.
    const both = await registerUser(app, { name: 'Beides' });
    await addMember(app, stage.organizationId, stage.owner, both);
    await addMember(app, second.id, stage.requester, both);
    const seen = expected(
      (row) =>
        ownRooms.includes(row.room_id) ||
        [stage.organizationId, second.id].includes(row.organization_id),
    );
    expect(seen.length).toBe(59);
    for (const limit of [6, 50]) {
      expect(await walk(both, '', limit)).toEqual({ ids: seen, totals: [seen.length] });
    }
    // The outsider sees only the third organisation's, all in their own room or the owners'.
    const theirs = expected(
      (row) => row.organization_id === third.id || row.room_id === foreignRoom,
    );
    expect(await walk(stage.outsider, '', 9)).toEqual({ ids: theirs, totals: [theirs.length] });
  });

  it('continues on the web pages exactly where the page before ended', async () => {
    const linked = (text: string) =>
      [...text.matchAll(/href="\/bookings\/([0-9a-f-]{36})\/view"/g)].map((match) => match[1]);

    const requester = await webClientOf(app, stage.requester);
    const from = new Date(Date.now() - 24 * HOUR);
    const mine = [stage.requesterOrganizationId, second.id];
    const current = expected((row) => mine.includes(row.organization_id) && row.ends_at > from);
    const first = await requester.get('/bookings/mine');
    const next = await requester.get('/bookings/mine?page=2');
    expect([...linked(first.text), ...linked(next.text)]).toEqual(current);
    expect(linked(first.text)).toHaveLength(25);
    expect(first.text).toContain(`${current.length} Buchungen`);
    expect(first.text).toContain('Seite 1 von 2');

    const owner = await webClientOf(app, stage.owner);
    const open = expected((row) => ownRooms.includes(row.room_id) && row.status === 'pending');
    const inbox = await owner.get('/bookings/requests');
    const rest = await owner.get('/bookings/requests?page=2');
    expect([...linked(inbox.text), ...linked(rest.text)]).toEqual(open);
    expect(linked(inbox.text)).toHaveLength(25);
    expect(inbox.text).toContain('Seite 1 von 2');
  });
});

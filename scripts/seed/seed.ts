import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { hashPassword } from '../../src/identity/passwords';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DemoAccount } from './base-demo';
import { BASE_ROOM_COUNT, baseCatalogue, generatedCatalogue, generatedRoomIds } from './catalogue';
import { insertRows, writeCatalogue, Written } from './write';

/** The biggest catalogue the seed builds; beyond it a benchmark wants a different tool. */
export const MAX_ROOMS = 100_000;

/** Rooms written per transaction: large enough to be fast, small enough to show progress. */
const BATCH_ROOMS = 1000;

/** A request the seed cannot carry out, said in one line. */
export class SeedError extends Error {}

export interface SeedOptions {
  /** The number of demo rooms wanted in all; the hand-written ones count towards it. */
  rooms?: number;
  /** The day closures (holidays, works) are planned from; today unless given. */
  today?: DateTime;
  /** Progress lines for the command line. */
  log?: (line: string) => void;
}

export interface SeedResult {
  /** What this run added; zeros when everything was there already. */
  written: Written & { users: number; memberships: number };
  /** Of the demo rooms asked for (hand-written and generated), how many exist now. */
  demoRooms: number;
  /** All rooms in the database, the demo's and any others. */
  totalRooms: number;
  accounts: DemoAccount[];
  password: string;
  milliseconds: number;
}

/** Refuses a size the seed cannot build, before anything is opened or written. */
export function checkRoomCount(rooms: number): void {
  if (!Number.isInteger(rooms) || rooms < BASE_ROOM_COUNT || rooms > MAX_ROOMS) {
    throw new SeedError(
      `The number of rooms must be a whole number from ${BASE_ROOM_COUNT} (the hand-written demo) to ${MAX_ROOMS}.`,
    );
  }
}

const add = (total: Written, more: Written): Written => ({
  organizations: total.organizations + more.organizations,
  venues: total.venues + more.venues,
  rooms: total.rooms + more.rooms,
  openingHours: total.openingHours + more.openingHours,
  closures: total.closures + more.closures,
});

/**
 * Fills the database with the demo: accounts, organisations of every kind, and venues with
 * rooms all over Heidelberg. Asked for `rooms`, it adds generated rooms until the demo holds
 * that many. Every record has a fixed id, so running it again adds only what is missing.
 *
 * Each batch is one transaction that uses only its own manager: the embedded database has a
 * single connection, and a query beside a running transaction would wait for ever.
 */
export async function seedDemo(
  dataSource: DataSource,
  options: SeedOptions = {},
): Promise<SeedResult> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const wanted = options.rooms ?? BASE_ROOM_COUNT;
  checkRoomCount(wanted);
  const today = options.today ?? DateTime.now();
  const base = baseCatalogue(today);

  // Hashing is slow on purpose (argon2id), so only accounts that do not exist yet get one.
  const emails = base.users.map((user) => user.email);
  const existing = new Set(
    (
      await dataSource.query<{ email: string }[]>(
        `SELECT email FROM users WHERE email = ANY($1::text[])`,
        [emails],
      )
    ).map((row) => row.email),
  );
  const newUsers = base.users.filter((user) => !existing.has(user.email));
  const hashes = await Promise.all(newUsers.map(() => hashPassword(DEMO_PASSWORD)));

  const baseWritten = await dataSource.transaction(async (manager) => {
    const users = await insertRows(
      manager,
      'users',
      newUsers.map((user, index) => ({ ...user, password_hash: hashes[index] })),
      '(email)',
    );
    // An address may already belong to an account with another id: go by the address.
    const ids = new Map(
      (
        await manager.query<{ id: string; email: string; is_admin: boolean }[]>(
          `SELECT id, email, is_admin FROM users WHERE email = ANY($1::text[])`,
          [emails],
        )
      ).map((row) => [row.email, row]),
    );
    const admin = DEMO_ACCOUNTS.find((account) => account.isAdmin)!;
    const verification = { at: today.toUTC().toISO()!, by: ids.get(admin.email)?.id ?? null };
    const written = await writeCatalogue(manager, base.catalogue, verification);
    const memberships = await manager.query<unknown[]>(
      `INSERT INTO memberships (organization_id, user_id, role)
         SELECT m.organization_id, u.id, m.role
           FROM jsonb_to_recordset($1::jsonb) AS m(organization_id uuid, email text, role text)
           JOIN users u ON u.email = m.email
         ON CONFLICT DO NOTHING
         RETURNING user_id`,
      [JSON.stringify(base.memberships)],
    );
    return { ...written, users: users.length, memberships: memberships.length, verification };
  });
  const { verification, ...baseCounts } = baseWritten;
  log(
    baseCounts.rooms > 0
      ? `Demo catalogue: ${baseCounts.rooms} rooms in ${baseCounts.venues} venues, ${baseCounts.organizations} organisations, ${baseCounts.users} accounts.`
      : 'Demo catalogue was there already; nothing added to it.',
  );

  let generated: Written = { organizations: 0, venues: 0, rooms: 0, openingHours: 0, closures: 0 };
  const generatedWanted = wanted - BASE_ROOM_COUNT;
  for (let from = 0; from < generatedWanted; from += BATCH_ROOMS) {
    const to = Math.min(from + BATCH_ROOMS, generatedWanted);
    const [{ present }] = await dataSource.query<{ present: number }[]>(
      `SELECT count(*)::int AS present FROM rooms WHERE id = ANY($1::uuid[])`,
      [generatedRoomIds(from, to)],
    );
    if (present === to - from) continue;
    const batch = generatedCatalogue(from, to, today);
    const written = await dataSource.transaction((manager) =>
      writeCatalogue(manager, batch, verification),
    );
    generated = add(generated, written);
    log(`Generated rooms ${BASE_ROOM_COUNT + from + 1}–${BASE_ROOM_COUNT + to} of ${wanted}.`);
  }

  const [{ rooms: generatedRooms }] = await dataSource.query<{ rooms: number }[]>(
    `SELECT count(*)::int AS rooms FROM rooms WHERE id = ANY($1::uuid[])`,
    [generatedRoomIds(0, Math.max(generatedWanted, 0))],
  );
  const [{ rooms: baseRooms }] = await dataSource.query<{ rooms: number }[]>(
    `SELECT count(*)::int AS rooms FROM rooms WHERE id = ANY($1::uuid[])`,
    [base.catalogue.rooms.map((room) => room.id)],
  );
  const [{ rooms: totalRooms }] = await dataSource.query<{ rooms: number }[]>(
    `SELECT count(*)::int AS rooms FROM rooms`,
  );
  return {
    written: {
      ...add(baseCounts, generated),
      users: baseCounts.users,
      memberships: baseCounts.memberships,
    },
    demoRooms: baseRooms + generatedRooms,
    totalRooms,
    accounts: DEMO_ACCOUNTS,
    password: DEMO_PASSWORD,
    milliseconds: Date.now() - started,
  };
}

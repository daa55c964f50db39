'use strict';

/**
 * The benchmark's own database: a fresh one on the PostgreSQL server of DATABASE_URL (or the
 * local server), the catalogue made bookable for the benchmark, and 100,000 bookings written
 * straight with SQL. Only the benchmark's database is ever dropped.
 */

const { Client } = require('pg');

const LOCAL_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';
const DEFAULT_NAME = 'rfe_bench';

/** Where the seeded bookings lie: days 1..DAYS from today, 8 two-hour cells a day. */
const SEED_DAYS = 150;
const CELLS_PER_DAY = 8;
const CELLS = SEED_DAYS * CELLS_PER_DAY;
/** Cells are visited in a stride coprime to CELLS, so a room never gets one twice. */
const STRIDE = 7;

/** The room whose month of availability is measured gets this many bookings. */
const HOT_ROOM_BOOKINGS = 1000;

/** Rooms with (row number % 10 = 1) keep a 15-minute buffer; the others have none. */
const BUFFERED_EVERY = 10;

const OPENS = '07:00';
const CLOSES = '23:00';

const quoteIdent = (name) => `"${name.replace(/"/g, '""')}"`;

/** A URL fit to print: the password left out. */
function redact(url) {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

function withDatabase(url, name) {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(name)}`;
  return parsed.toString();
}

async function connect(url) {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  return client;
}

/**
 * Opens a maintenance connection to the server of `serverUrl`: its "postgres" database
 * first, else the database the URL names (unless that is the one to be dropped).
 */
async function maintenanceClient(serverUrl, name) {
  const candidates = [withDatabase(serverUrl, 'postgres')];
  const own = decodeURIComponent(new URL(serverUrl).pathname.replace(/^\//, ''));
  if (own && own !== 'postgres' && own !== name) candidates.push(serverUrl);
  let lastError;
  for (const url of candidates) {
    try {
      return await connect(url);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

/**
 * Drops and creates the benchmark's database. Returns its URL and whether it was created;
 * a server that refuses CREATE DATABASE leaves the URL's own database, if it is empty.
 */
async function prepareDatabase(env, log) {
  const name = env.BENCH_DATABASE || DEFAULT_NAME;
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) {
    throw new Error(`BENCH_DATABASE must be a plain lower-case name, not "${name}"`);
  }
  const serverUrl = env.DATABASE_URL || LOCAL_SERVER;
  log(
    env.DATABASE_URL
      ? `Database: a fresh "${name}" on the server of DATABASE_URL (${redact(serverUrl)}).`
      : `Database: DATABASE_URL is not set, so a fresh "${name}" on the local server ${redact(serverUrl)} (user postgres).`,
  );
  const admin = await maintenanceClient(serverUrl, name);
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
    return { url: withDatabase(serverUrl, name), name, created: true, serverUrl };
  } catch (error) {
    if (error.code !== '42501' || !env.DATABASE_URL) throw error;
    // No right to create databases (a managed server): use the given one if it is empty.
    const client = await connect(serverUrl);
    try {
      const { rows } = await client.query(
        `SELECT count(*)::int AS tables FROM pg_tables WHERE schemaname = 'public'`,
      );
      if (rows[0].tables > 0) {
        throw new Error(
          `Cannot create database "${name}" (${error.message}) and the database of DATABASE_URL is not empty; give the benchmark an empty database.`,
        );
      }
    } finally {
      await client.end();
    }
    log('No right to create a database; using the (empty) database of DATABASE_URL instead.');
    return { url: serverUrl, name: null, created: false, serverUrl };
  } finally {
    await admin.end();
  }
}

async function dropDatabase(database) {
  if (!database?.created) return;
  const admin = await maintenanceClient(database.serverUrl, database.name);
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(database.name)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/**
 * Makes every room bookable by the benchmark: open 07:00–23:00 every day, no lead time, a
 * horizon of 400 days, long bookings allowed, no monthly quota, no verification needed,
 * and shown to the public (their organisations verified);
 * one room in ten keeps a 15-minute buffer. Rooms without a buffer lose their closures:
 * the benchmark books them. Approval stays as the demo has it (manual or automatic).
 */
async function prepareRooms(client) {
  await client.query('BEGIN');
  try {
    await client.query(`
      UPDATE rooms r
         SET active = true, lead_time_hours = 0, horizon_days = 400,
             min_duration_minutes = 30, max_duration_minutes = 720,
             monthly_hours_per_organization = NULL, requires_verified_organization = false,
             buffer_minutes = CASE WHEN n.idx % ${BUFFERED_EVERY} = 1 THEN 15 ELSE 0 END
        FROM (SELECT id, row_number() OVER (ORDER BY id) AS idx FROM rooms) n
       WHERE n.id = r.id`);
    // Every room public, as `active` above says: the organisations owning venues verified.
    await client.query(`
      UPDATE organizations o SET verified_at = now()
       WHERE o.verified_at IS NULL
         AND EXISTS (SELECT 1 FROM venues v WHERE v.organization_id = o.id)`);
    await client.query('DELETE FROM room_opening_hours');
    await client.query(
      `INSERT INTO room_opening_hours (room_id, weekday, opens, closes)
         SELECT r.id, d, $1::time, $2::time FROM rooms r CROSS JOIN generate_series(1, 7) d`,
      [OPENS, CLOSES],
    );
    await client.query(
      `DELETE FROM room_closures c USING rooms r WHERE r.id = c.room_id AND r.buffer_minutes = 0`,
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/**
 * Writes `total` bookings: HOT_ROOM_BOOKINGS for the first room (by id), the rest spread
 * evenly. Booking k of room i lies in cell (k * STRIDE + i * 13) mod CELLS: day 1 + cell / 8
 * (local, Europe/Berlin or the room's zone), 07:00 + 2 h * (cell % 8), 60 or 90 minutes long,
 * so that no two bookings of a room overlap, buffers included. One in twenty is cancelled,
 * two in twenty pending, the others approved. Batches of `batchRooms` rooms per statement.
 */
async function seedBookings(client, { total, adminId, log, batchRooms = 100 }) {
  const { rows: roomRows } = await client.query(`SELECT count(*)::int AS rooms FROM rooms`);
  const rooms = roomRows[0].rooms;
  const hot = Math.min(HOT_ROOM_BOOKINGS, total);
  const rest = total - hot;
  const base = rooms > 1 ? Math.floor(rest / (rooms - 1)) : 0;
  const remainder = rooms > 1 ? rest % (rooms - 1) : 0;
  if (base + 1 > CELLS) {
    throw new Error(`${total} bookings do not fit ${rooms} rooms (${CELLS} slots per room)`);
  }
  let written = 0;
  for (let from = 1; from <= rooms; from += batchRooms) {
    const to = Math.min(from + batchRooms - 1, rooms);
    const result = await client.query(
      `WITH orgs AS (SELECT array_agg(id ORDER BY id) AS ids FROM organizations),
            numbered AS (
              SELECT r.id, r.time_zone, r.buffer_minutes, r.approval,
                     row_number() OVER (ORDER BY r.id)::int AS idx
                FROM rooms r),
            wanted AS (
              SELECT n.*, CASE WHEN n.idx = 1 THEN $3::int
                               ELSE $4::int + CASE WHEN n.idx - 2 < $5::int THEN 1 ELSE 0 END
                          END AS bookings
                FROM numbered n
               WHERE n.idx BETWEEN $1 AND $2),
            cells AS (
              SELECT w.*, k, (k * ${STRIDE} + w.idx * 13) % ${CELLS} AS cell
                FROM wanted w CROSS JOIN LATERAL generate_series(0, w.bookings - 1) AS k),
            timed AS (
              SELECT c.*,
                     ((((now() AT TIME ZONE c.time_zone)::date + 1 + c.cell / ${CELLS_PER_DAY})
                        + make_time(7 + 2 * (c.cell % ${CELLS_PER_DAY}), 0, 0))
                        AT TIME ZONE c.time_zone) AS starts_at,
                     CASE WHEN k % 20 = 0 THEN 'cancelled'
                          WHEN k % 20 IN (1, 2) THEN 'pending'
                          ELSE 'approved' END AS status
                FROM cells c)
       INSERT INTO bookings (room_id, organization_id, requested_by, status, starts_at, ends_at,
                             buffer_minutes, title, attendees, is_public, expires_at,
                             decided_by, decided_at, cancelled_by, cancelled_at, cancel_reason)
       SELECT t.id, orgs.ids[1 + (t.idx + t.k) % cardinality(orgs.ids)], $6, t.status,
              t.starts_at, t.starts_at + make_interval(mins => 60 + 30 * ((t.k + t.idx) % 2)),
              t.buffer_minutes, 'Belegung ' || t.k, 5 + (t.k % 40), t.k % 7 = 0,
              CASE WHEN t.status = 'pending' THEN least(now() + interval '72 hours', t.starts_at) END,
              CASE WHEN t.status = 'approved' AND t.approval = 'manual' THEN $6::uuid END,
              CASE WHEN t.status = 'approved' THEN now() END,
              CASE WHEN t.status = 'cancelled' THEN $6::uuid END,
              CASE WHEN t.status = 'cancelled' THEN now() END,
              CASE WHEN t.status = 'cancelled' THEN 'Benchmark' END
         FROM timed t CROSS JOIN orgs`,
      [from, to, hot, base, remainder, adminId],
    );
    written += result.rowCount;
    if (to === rooms || (to / batchRooms) % 5 === 0) log(`  bookings: ${written} of ${total}`);
  }
  // As a running server's autovacuum would leave bulk-written tables: the visibility map set
  // (index-only scans read the index alone) and the statistics fresh. The CI server this runs
  // on keeps autovacuum off, so without this every index-only scan visits the table.
  await client.query('VACUUM (ANALYZE)');
  return written;
}

/** A feed room's bookings: ten a day, one hour each, every 90 minutes from 07:00 local. */
const FEED_PER_DAY = 10;

/**
 * Gives each of `roomIds` exactly `perRoom` holding bookings (and nothing else) inside the
 * feed window (three months back, eighteen ahead): its seeded bookings are removed, then
 * booking k lies on day 1 + k / 10 (local, the room's zone) at 07:00 + 90 min * (k % 10), one
 * hour long. With a buffer of up to 30 minutes no two overlap (the exclusion constraint checks
 * it); 5,000 bookings reach day 500, inside the window's 18 months. One in ten is pending, the
 * rest approved; one in seven is public (its title shows in the feed).
 */
async function seedFeedRooms(client, { roomIds, perRoom, adminId }) {
  const days = Math.ceil(perRoom / FEED_PER_DAY);
  if (days > 520) throw new Error(`${perRoom} feed bookings do not fit the feed window`);
  await client.query('BEGIN');
  try {
    await client.query(`DELETE FROM bookings WHERE room_id = ANY($1::uuid[])`, [roomIds]);
    const result = await client.query(
      `WITH orgs AS (SELECT array_agg(id ORDER BY id) AS ids FROM organizations),
            feed AS (
              SELECT r.id, r.time_zone, r.buffer_minutes, r.approval,
                     row_number() OVER (ORDER BY r.id)::int AS idx
                FROM rooms r WHERE r.id = ANY($1::uuid[])),
            timed AS (
              SELECT f.*, k,
                     ((((now() AT TIME ZONE f.time_zone)::date + 1 + k / ${FEED_PER_DAY})
                        + make_time(7, 0, 0) + make_interval(mins => 90 * (k % ${FEED_PER_DAY})))
                        AT TIME ZONE f.time_zone) AS starts_at,
                     CASE WHEN k % 10 = 1 THEN 'pending' ELSE 'approved' END AS status
                FROM feed f CROSS JOIN LATERAL generate_series(0, $2::int - 1) AS k)
       INSERT INTO bookings (room_id, organization_id, requested_by, status, starts_at, ends_at,
                             buffer_minutes, title, attendees, is_public, expires_at,
                             decided_by, decided_at)
       SELECT t.id, orgs.ids[1 + (t.idx + t.k) % cardinality(orgs.ids)], $3, t.status,
              t.starts_at, t.starts_at + interval '60 minutes', t.buffer_minutes,
              'Belegung ' || t.k, 5 + (t.k % 40), t.k % 7 = 0,
              CASE WHEN t.status = 'pending' THEN least(now() + interval '72 hours', t.starts_at) END,
              CASE WHEN t.status = 'approved' AND t.approval = 'manual' THEN $3::uuid END,
              CASE WHEN t.status = 'approved' THEN now() END
         FROM timed t CROSS JOIN orgs`,
      [roomIds, perRoom, adminId],
    );
    await client.query('COMMIT');
    await client.query('VACUUM (ANALYZE) bookings');
    return result.rowCount;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/** Counters of the benchmark's database, to tell database work per request. */
async function databaseCounters(client, name) {
  const { rows } = await client.query(
    `SELECT xact_commit + xact_rollback AS transactions, tup_returned, tup_fetched,
            blks_read, blks_hit
       FROM pg_stat_database WHERE datname = coalesce($1, current_database())`,
    [name],
  );
  const row = rows[0] ?? {};
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, Number(value)]));
}

/** The server processes serving the benchmark's database (same machine only). */
async function backendPids(client, name) {
  const { rows } = await client.query(
    `SELECT pid FROM pg_stat_activity
      WHERE datname = coalesce($1, current_database()) AND pid <> pg_backend_pid()`,
    [name],
  );
  return rows.map((row) => row.pid);
}

module.exports = {
  OPENS,
  CLOSES,
  SEED_DAYS,
  backendPids,
  connect,
  databaseCounters,
  dropDatabase,
  prepareDatabase,
  prepareRooms,
  redact,
  seedBookings,
  seedFeedRooms,
};

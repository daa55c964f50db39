'use strict';

/**
 * The machine's own ceilings, measured in the same run as the service, so that the service's
 * figures can be read as ratios that hardly depend on how busy or fast the machine is:
 * - PostgreSQL: one-row inserts into an exclusion-constrained table (the shape of a booking's
 *   guarantee), 8 clients, one row per transaction — what pgbench would measure, with `pg`;
 * - HTTP: a bare Fastify route answering a body of the availability answer's size, driven by
 *   the same load generator with the same connections (see bare-route.js).
 */

const { fork } = require('node:child_process');
const path = require('node:path');
const { Client } = require('pg');

const TABLE = 'bench_insert_ceiling';

async function insertCeiling(databaseUrl, { clients = 8, seconds = 10 } = {}) {
  const admin = new Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    await admin.query(`DROP TABLE IF EXISTS ${TABLE}`);
    await admin.query(
      `CREATE TABLE ${TABLE} (
         id bigserial PRIMARY KEY,
         room integer NOT NULL,
         period tstzrange NOT NULL,
         EXCLUDE USING gist (room WITH =, period WITH &&))`,
    );
    const workers = await Promise.all(
      Array.from({ length: clients }, async () => {
        const client = new Client({ connectionString: databaseUrl });
        await client.connect();
        return client;
      }),
    );
    const deadline = Date.now() + seconds * 1000;
    const started = process.hrtime.bigint();
    const counts = await Promise.all(
      workers.map(async (client, worker) => {
        let n = 0;
        // Every row its own hour in one of 100 rooms per client: none collide.
        while (Date.now() < deadline) {
          await client.query(
            `INSERT INTO ${TABLE} (room, period)
             VALUES ($1, tstzrange(now() + make_interval(hours => $2), now() + make_interval(hours => $2 + 1)))`,
            [worker * 100 + (n % 100), n],
          );
          n++;
        }
        return n;
      }),
    );
    const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
    await Promise.all(workers.map((client) => client.end()));
    const rows = counts.reduce((sum, n) => sum + n, 0);
    return {
      clients,
      seconds: Math.round(elapsed * 10) / 10,
      rows,
      rowsPerSecond: Math.round(rows / elapsed),
    };
  } finally {
    await admin.query(`DROP TABLE IF EXISTS ${TABLE}`).catch(() => undefined);
    await admin.end();
  }
}

/** Starts the bare route; resolves with its URL and a stop function. */
function startBareRoute(bytes) {
  const child = fork(path.join(__dirname, 'bare-route.js'), [String(bytes)], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`bare route exited (${code})`)));
    child.on('message', (message) => {
      if (message.type !== 'listening') return;
      resolve({
        url: message.url,
        pid: child.pid,
        stop: () =>
          new Promise((done) => {
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

module.exports = { insertCeiling, startBareRoute };

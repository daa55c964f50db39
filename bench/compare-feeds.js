/**
 * Compares the calendar feeds of two builds on one database, byte for byte, with their status,
 * ETag and Last-Modified (bench/README.md, "Cold feed, stop 20"). On a database the bench kept
 * (`BENCH_KEEP_DB=1 BENCH_ONLY=e`), it first changes 60 bookings of the busiest room (titles
 * with control characters, U+001E, line breaks, Arabic, emoji; cancelled, declined, expired,
 * pending; one cancelled 40 days ago), renames an organisation and a room, and makes an
 * organisation, an owner and a user link (`AGAIN=1` skips the changes); then starts both
 * builds and asks both for the same feeds in seven languages. Exit code 1 on any difference.
 *
 *   node bench/compare-feeds.js <old dist/src/main.js> <new dist/src/main.js> rfe_bench
 */
'use strict';
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Client } = require('pg');

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rfe-compare-feeds-'));

const [oldMain, newMain, database] = process.argv.slice(2);
const dbUrl = `postgres://postgres@127.0.0.1:5432/${database}`;
if (!oldMain || !newMain || !database) {
  console.error('node bench/compare-feeds.js <old main.js> <new main.js> <database>');
  process.exit(2);
}
const PUBLIC_URL = 'https://raum.example.org';

function start(main, port) {
  const log = fs.openSync(path.join(scratch, `service-${port}.log`), 'w');
  const child = spawn(process.execPath, [main], {
    stdio: ['ignore', log, log],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL,
      DATABASE_URL: dbUrl,
      DATABASE_POOL_SIZE: '4',
      JWT_SECRET: 'bench-only-secret-0123456789abcdef0123456789abcdef',
      LOG_LEVEL: 'warn',
      JOB_INTERVAL_SECONDS: '0',
      MAIL_INTERVAL_SECONDS: '0',
      DATA_DIR: path.join(scratch, `data-${port}`),
    },
  });
  return child;
}

async function ready(port) {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health/ready`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`service on ${port} not ready`);
}

(async () => {
  const db = new Client({ connectionString: dbUrl });
  await db.connect();
  const [{ room_id: room, organization_id: org }] = (
    await db.query(
      `SELECT room_id, organization_id, count(*) FROM bookings GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 1`,
    )
  ).rows;
  const titles = [
    'Öffentlich; mit, allem\\ und "Zitat"',
    'Zeile eins\nZeile zwei\r\nZeile drei\rvier',
    'Record\u001eSeparator und \u0001 Steuerzeichen',
    '🎉 Fest der Nachbarschaft 🎉 '.repeat(6),
    'اجتماع الجيران',
    'Ä'.repeat(199),
    ',,,P-\u001e;',
  ];
  const { rows: some } = await db.query(
    `SELECT id FROM bookings WHERE room_id = $1 ORDER BY starts_at LIMIT 60 OFFSET 900`,
    [room],
  );
  for (let i = 0; i < (process.env.AGAIN ? 0 : some.length); i++) {
    const id = some[i].id;
    await db.query(
      `UPDATE bookings SET title = $2, is_public = $3, sequence = sequence + $4,
              updated_at = now() - make_interval(days => $4, secs => $5) WHERE id = $1`,
      [id, titles[i % titles.length], i % 3 !== 0, i % 5, ((i * 1234567) % 1e6) / 1e6 + i],
    );
    const status = ['cancelled', 'declined', 'expired', 'pending'][i % 6];
    if (status) {
      try {
        await db.query(`UPDATE bookings SET status = $2 WHERE id = $1`, [id, status]);
      } catch (error) {
        console.log('status', status, 'refused:', error.message);
      }
    }
  }
  // One cancelled long ago: left out of every feed.
  await db.query(
    `UPDATE bookings SET status = 'cancelled', updated_at = now() - interval '40 days' WHERE id = $1`,
    [some[some.length - 1].id],
  );
  await db.query(`UPDATE organizations SET name = 'Verein; für, \\ "alle"' WHERE id = $1`, [org]);
  await db.query(`UPDATE rooms SET name = 'Saal, groß; \\ 🎉' WHERE id = $1`, [room]);
  const { rows: feedRooms } = await db.query(
    `SELECT room_id FROM bookings GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 3`,
  );
  const { rows: small } = await db.query(
    `SELECT room_id FROM bookings GROUP BY 1 ORDER BY count(*), 1 LIMIT 2`,
  );
  const [{ id: admin }] = (
    await db.query(`SELECT id FROM users WHERE email = 'bench-admin@example.org'`)
  ).rows;
  const [{ organization_id: owner }] = (
    await db.query(
      `SELECT v.organization_id FROM rooms r JOIN venues v ON v.id = r.venue_id WHERE r.id = $1`,
      [room],
    )
  ).rows;
  const member =
    (await db.query(`SELECT user_id FROM memberships WHERE organization_id = $1 LIMIT 1`, [org]))
      .rows[0]?.user_id ?? admin;
  const secrets = [];
  for (const [scope, subject] of [
    ['organization', org],
    ['owner', owner],
    ['user', member],
  ]) {
    const secret = crypto.randomBytes(32).toString('base64url');
    await db.query(
      `INSERT INTO calendar_tokens (scope, subject_id, created_by, token_hash) VALUES ($1, $2, $3, $4)`,
      [scope, subject, admin, crypto.createHash('sha256').update(secret).digest()],
    );
    secrets.push([scope, secret]);
  }
  await db.end();

  const paths = [];
  paths.push(`/api/calendar/rooms/${room}.ics`);
  for (const r of [...feedRooms, ...small]) paths.push(`/api/calendar/rooms/${r.room_id}.ics`);
  for (const [, secret] of secrets) paths.push(`/api/calendar/feeds/${secret}.ics`);
  paths.push('/api/calendar/forum.ics');

  const oldService = start(oldMain, 43911);
  await ready(43911);
  const newService = start(newMain, 43912);
  await ready(43912);
  let compared = 0,
    differ = 0,
    bytes = 0,
    events = 0;
  try {
    for (const feed of paths) {
      for (const language of ['de', 'en', 'ar', 'tr', 'uk', 'ru', 'fr']) {
        const get = async (port) => {
          const response = await fetch(`http://127.0.0.1:${port}${feed}`, {
            headers: { 'accept-language': language },
          });
          return {
            status: response.status,
            etag: response.headers.get('etag'),
            lastModified: response.headers.get('last-modified'),
            body: Buffer.from(await response.arrayBuffer()),
          };
        };
        const a = await get(43911);
        const b = await get(43912);
        compared++;
        bytes += a.body.length;
        events += (a.body.toString().match(/BEGIN:VEVENT/g) ?? []).length;
        const same =
          a.status === b.status &&
          a.etag === b.etag &&
          a.lastModified === b.lastModified &&
          a.body.equals(b.body);
        if (!same) {
          differ++;
          console.log(
            'DIFFER',
            feed.replace(/feeds\/[^.]+/, 'feeds/…'),
            language,
            a.status,
            b.status,
            a.etag,
            b.etag,
          );
        }
        if (a.status !== 200)
          console.log('status', a.status, feed.replace(/feeds\/[^.]+/, 'feeds/…'));
      }
    }
  } finally {
    oldService.kill();
    newService.kill();
  }
  fs.rmSync(scratch, { recursive: true, force: true });
  console.log(`${compared} feeds compared (${bytes} bytes, ${events} events): ${differ} differ`);
  process.exitCode = differ ? 1 : 0;
})();

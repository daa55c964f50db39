'use strict';
/**
 * Scenario h's pages, build against build, on one kept bench database (BENCH_KEEP_DB=1): each
 * build in turn is started, each page warmed up for 1 s and then asked with 20 connections for
 * `seconds`; rate, p50, p99, and the service's and PostgreSQL's CPU per page from /proc.
 * Under the bench lock, like the bench:
 *
 *   flock /tmp/bench.lock env DB=postgres://postgres@127.0.0.1:5432/rfe_bench_x \
 *     node bench/pages-ab.js <rounds> <seconds> before=<a copy of dist> after=dist
 *
 * PAGES=catalogue,my picks pages by name; PROF=<dir> writes CPU profiles.
 */
const { spawn } = require('node:child_process');
const path = require('node:path');
const fs = require('node:fs');
const autocannon = require('autocannon');
const { Client } = require('pg');
const { corePages } = require('./pages.js');
const { cpuSnapshot, cpuBetween, freePort } = require('./system.js');

const [rounds, seconds, ...builds] = process.argv.slice(2);
const DB = process.env.DB;
const dbName = new URL(DB).pathname.slice(1);
const only = process.env.PAGES ? process.env.PAGES.split(',') : null;

async function start(dist) {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      ...(process.env.PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROF}`] : []),
      path.join(dist, 'src', 'main.js'),
    ],
    {
      cwd: path.join(__dirname, '..'),
      stdio: ['ignore', fs.openSync(path.join(__dirname, 'service.log'), 'a'), 'inherit'],
      env: {
        ...process.env,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(port),
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        DATABASE_URL: DB,
        DATABASE_POOL_SIZE: '10',
        JWT_SECRET: 'bench-only-secret-0123456789abcdef0123456789abcdef',
        ADMIN_EMAIL: 'bench-admin@example.org',
        ADMIN_PASSWORD: 'bench-admin-password-1',
        LOG_LEVEL: 'warn',
        JOB_INTERVAL_SECONDS: '0',
        MAIL_INTERVAL_SECONDS: '0',
        AUTH_RATE_LIMIT_PER_MINUTE: '100000',
        DATA_DIR: fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'rfe-pages-ab-')),
      },
    },
  );
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${base}/health/ready`)).ok) return { child, base };
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('not ready');
}

function fire(opts) {
  return new Promise((resolve, reject) => {
    const times = [];
    const codes = {};
    const inst = autocannon({ timeout: 10, ...opts }, (e, r) =>
      e ? reject(e) : resolve({ r, times, codes }),
    );
    inst.on('response', (c, s, b, t) => {
      times.push(t);
      codes[s] = (codes[s] ?? 0) + 1;
    });
  });
}

(async () => {
  const pg = new Client({ connectionString: DB });
  await pg.connect();
  const results = {};
  for (let round = 0; round < Number(rounds); round++) {
    for (const build of builds) {
      const [label, dist] = build.split('=');
      const { child, base } = await start(dist);
      try {
        let pages = await corePages(base);
        if (only) pages = pages.filter((p) => only.some((o) => p.name.includes(o)));
        for (const page of pages) {
          const opts = {
            url: base + page.path,
            connections: 20,
            headers: {
              'accept-encoding': 'br, gzip',
              ...(page.cookie ? { cookie: page.cookie } : {}),
            },
          };
          await fire({ ...opts, duration: 1 });
          const pids = (
            await pg.query(
              `SELECT pid FROM pg_stat_activity WHERE datname=$1 AND pid<>pg_backend_pid()`,
              [dbName],
            )
          ).rows.map((r) => r.pid);
          const b = cpuSnapshot({ service: [child.pid], pg: pids });
          const { times, codes } = await fire({ ...opts, duration: Number(seconds) });
          const a = cpuSnapshot({ service: [child.pid], pg: pids });
          const c = cpuBetween(b, a);
          const el = Number(a.at - b.at) / 1e9;
          const n = times.length;
          times.sort((x, y) => x - y);
          const p99 = times[Math.ceil(0.99 * n) - 1];
          const row = {
            rate: +(n / el).toFixed(0),
            p50: +times[Math.ceil(0.5 * n) - 1].toFixed(1),
            p99: +p99.toFixed(1),
            svc: +((c.service * el * 1000) / n).toFixed(2),
            pg: +((c.pg * el * 1000) / n).toFixed(2),
            other: c.otherProcesses,
            codes: Object.keys(codes).join('/'),
          };
          (results[page.name] ??= {})[label] ??= [];
          results[page.name][label].push(row);
          console.log(
            new Date().toISOString().slice(11, 19),
            label,
            page.name.padEnd(26),
            JSON.stringify(row),
          );
        }
      } finally {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
    }
  }
  await pg.end();
  console.log(JSON.stringify(results));
})().catch((e) => {
  console.error(e);
  process.exit(1);
});

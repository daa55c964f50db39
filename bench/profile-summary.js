/**
 * Summarises CPU profiles of the service (`BENCH_PROFILE=1` writes them to bench/profiles):
 * self time by function and by file, and the top callers of the hottest functions.
 *
 *   node bench/profile-summary.js bench/profiles/*.cpuprofile
 *   FROM=45 TO=80 N=40 node bench/profile-summary.js …   (seconds after the service started;
 *   the bench log's times minus the "Service:" line's give a scenario's seconds)
 */
'use strict';
const fs = require('node:fs');
const files = process.argv.slice(2);
const byFn = new Map(),
  byFile = new Map(),
  callers = new Map();
let total = 0;
for (const file of files) {
  const p = JSON.parse(fs.readFileSync(file, 'utf8'));
  const nodes = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const dt = new Map();
  let ts = p.startTime;
  const from = p.startTime + Number(process.env.FROM ?? 0) * 1e6,
    to = p.startTime + Number(process.env.TO ?? 1e9) * 1e6;
  for (let i = 0; i < p.samples.length; i++)
    if ((ts += p.timeDeltas[i]) >= from && ts < to)
      dt.set(p.samples[i], (dt.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
  const name = (n) =>
    `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
  for (const [id, us] of dt) {
    const n = nodes.get(id);
    total += us;
    const k = name(n);
    byFn.set(k, (byFn.get(k) ?? 0) + us);
    const f = n.callFrame.url.split('/').slice(-3).join('/') || n.callFrame.functionName;
    byFile.set(f, (byFile.get(f) ?? 0) + us);
    const pid = parent.get(id);
    if (pid) {
      const m = callers.get(k) ?? new Map();
      const pk = name(nodes.get(pid));
      m.set(pk, (m.get(pk) ?? 0) + us);
      callers.set(k, m);
    }
  }
}
const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
const pct = (us) => ((100 * us) / total).toFixed(1).padStart(5) + '%';
console.log('total ms', (total / 1000).toFixed(0));
console.log('--- by function');
for (const [k, v] of top(byFn, Number(process.env.N ?? 30))) console.log(pct(v), k);
console.log('--- by file');
for (const [k, v] of top(byFile, 20)) console.log(pct(v), k);
console.log('--- callers');
for (const [k] of top(byFn, 8)) {
  console.log(k);
  for (const [c, v] of top(callers.get(k) ?? new Map(), 3)) console.log('   ', pct(v), c);
}

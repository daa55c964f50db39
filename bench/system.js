'use strict';

/** Processes, ports and CPU time: what the benchmark needs from the operating system. */

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

/** Asks the kernel for a free loopback port. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

let ticksPerSecond;
function clockTicks() {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** User + system CPU seconds a process has used so far; null where /proc cannot tell. */
function cpuSeconds(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces; the fields after it are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks();
  } catch {
    return null;
  }
}

/** Busy and total CPU seconds of the whole machine, over all cores. */
function machineSeconds() {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const values = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = values[3] + (values[4] ?? 0);
    const total = values.slice(0, 8).reduce((sum, value) => sum + value, 0);
    return { busy: (total - idle) / clockTicks(), total: total / clockTicks() };
  } catch {
    return null;
  }
}

/** A snapshot of the CPU used by the named processes and by the machine. */
function cpuSnapshot(groups) {
  const snapshot = { at: process.hrtime.bigint(), machine: machineSeconds(), groups: {} };
  for (const [name, pids] of Object.entries(groups)) {
    snapshot.groups[name] = Object.fromEntries(pids.map((pid) => [pid, cpuSeconds(pid)]));
  }
  return snapshot;
}

/**
 * CPU used between two snapshots, in cores (1.0 = one core busy all the time). A process
 * seen only at the end counts from zero: it began in between.
 */
function cpuBetween(before, after) {
  const seconds = Number(after.at - before.at) / 1e9;
  const cores = (value) => Math.round((value / seconds) * 100) / 100;
  const result = {};
  for (const [name, pids] of Object.entries(after.groups)) {
    let used = 0;
    let known = false;
    for (const [pid, end] of Object.entries(pids)) {
      if (end === null) continue;
      known = true;
      used += end - (before.groups[name]?.[pid] ?? 0);
    }
    result[name] = known ? cores(used) : null;
  }
  if (before.machine && after.machine) {
    result.machineBusy = cores(after.machine.busy - before.machine.busy);
    // What the rest of the machine did meanwhile: other programs disturb the figures.
    const ours = Object.values(result)
      .slice(0, -1)
      .reduce((sum, value) => sum + (value ?? 0), 0);
    result.otherProcesses = Math.max(0, Math.round((result.machineBusy - ours) * 100) / 100);
  }
  return result;
}

/** How many cores the machine keeps busy over `ms` while the benchmark does nothing. */
async function backgroundLoad(ms = 1000) {
  const before = cpuSnapshot({});
  await new Promise((resolve) => setTimeout(resolve, ms));
  return cpuBetween(before, cpuSnapshot({})).machineBusy ?? null;
}

module.exports = { backgroundLoad, cpuBetween, cpuSnapshot, freePort };

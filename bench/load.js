'use strict';

/**
 * The load generator: a child process of bench/run.js that drives the service with
 * autocannon, so that the client's work is not done in the process that measures CPU.
 * It takes one scenario at a time over IPC and answers with its figures:
 *   {type: 'phase', id, phase: 'measure'}   warm-up over, the measured run begins
 *   {type: 'result', id, result} | {type: 'error', id, error}
 */

const autocannon = require('autocannon');
const { DateTime } = require('luxon');

/** Exact percentiles over every response time (autocannon's own histogram keeps whole ms). */
function summarise(times) {
  const sorted = Float64Array.from(times).sort();
  const at = (p) =>
    sorted.length
      ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
      : null;
  const round = (value) => (value === null ? null : Math.round(value * 100) / 100);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    p50: round(at(50)),
    p97_5: round(at(97.5)),
    p99: round(at(99)),
    avg: round(sorted.length ? sum / sorted.length : null),
    max: round(sorted.length ? sorted[sorted.length - 1] : null),
  };
}

/** One autocannon run; every response time and status is kept. */
function fire(options) {
  return new Promise((resolve, reject) => {
    const times = [];
    const statuses = {};
    let bytes = 0;
    const instance = autocannon({ timeout: 10, ...options }, (error, result) => {
      if (error) reject(error);
      else resolve({ result, times, statuses, bytes });
    });
    instance.on('response', (client, statusCode, responseBytes, responseTime) => {
      times.push(responseTime);
      bytes += responseBytes;
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    });
  });
}

function figures(run, expected) {
  const { result, times, statuses, bytes } = run;
  const responses = times.length;
  const good = statuses[expected] ?? 0;
  return {
    durationSeconds: result.duration,
    connections: result.connections,
    responses,
    requestsPerSecond: Math.round((responses / result.duration) * 10) / 10,
    expectedStatus: expected,
    okPerSecond: Math.round((good / result.duration) * 10) / 10,
    latencyMs: summarise(times),
    statusCodes: statuses,
    failures: responses - good,
    // Headers and body as received: tells a full feed (MB) from a 304 (a few hundred bytes).
    bytesPerResponse: responses ? Math.round(bytes / responses) : null,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  };
}

/** Keeps the first few answers that were not the expected status, to say why. */
function failureSampler(expected, samples) {
  return (status, body) => {
    if (status !== expected && samples.length < 5)
      samples.push({ status, body: body.slice(0, 600) });
  };
}

// ---- the scenarios ----------------------------------------------------------------------

/**
 * Request i books room i mod R, slot i div R: one hour from 07:00 to 23:00 local on day
 * firstDay + slot div 16. No two requests share a room and an hour, so every one must be
 * 201. The counter runs on through warm-up and measured run.
 */
function bookingFactory(params) {
  const { roomIds, organizationId, zone, firstDay } = params;
  const start = DateTime.fromISO(firstDay, { zone });
  let counter = 0;
  return {
    setupRequest(request) {
      const i = counter++;
      const slot = Math.floor(i / roomIds.length);
      const startsAt = start.plus({ days: Math.floor(slot / 16) }).set({ hour: 7 + (slot % 16) });
      request.body = JSON.stringify({
        roomId: roomIds[i % roomIds.length],
        organizationId,
        startsAt: startsAt.toISO(),
        endsAt: startsAt.plus({ hours: 1 }).toISO(),
        title: `Benchmark ${i}`,
        attendees: 12,
      });
      return request;
    },
    count: () => counter,
  };
}

async function withWarmup(message, options, expected) {
  const samples = [];
  const requests = (options.requests ?? [{}]).map((request) => ({
    ...request,
    onResponse: failureSampler(expected, samples),
  }));
  if (message.warmupSeconds > 0) {
    await fire({ ...options, requests, duration: message.warmupSeconds });
  }
  process.send({ type: 'phase', id: message.id, phase: 'measure' });
  const run = await fire({ ...options, requests, duration: message.durationSeconds });
  return { ...figures(run, expected), failureSamples: samples };
}

const scenarios = {
  async createBookings(message) {
    const { baseUrl, token, connections } = message;
    const factory = bookingFactory(message);
    const result = await withWarmup(
      message,
      {
        url: `${baseUrl}/api/bookings`,
        connections,
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        requests: [{ setupRequest: factory.setupRequest }],
      },
      201,
    );
    return { ...result, requestsSent: factory.count() };
  },

  /**
   * GETs over a list of paths, round and round; anything but `expected` is a failure. A path
   * may come with headers of its own (`{ path, headers }`), added to the common ones.
   */
  async get(message) {
    const { baseUrl, paths, connections, headers, expected = 200 } = message;
    let counter = 0;
    const setupRequest = (request) => {
      const next = paths[counter++ % paths.length];
      if (typeof next === 'string') request.path = next;
      else {
        request.path = next.path;
        request.headers = { ...request.headers, ...next.headers };
      }
      return request;
    };
    return withWarmup(
      message,
      { url: baseUrl, connections, headers, requests: [{ method: 'GET', setupRequest }] },
      expected,
    );
  },

  /** 50 identical requests at once for one slot, round after round (each its own slot). */
  async race(message) {
    const { baseUrl, token, rounds, concurrency } = message;
    const results = [];
    for (const round of rounds) {
      const samples = [];
      const run = await fire({
        url: `${baseUrl}/api/bookings`,
        connections: concurrency,
        amount: concurrency,
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(round),
        requests: [{ onResponse: failureSampler(409, samples) }],
      });
      results.push({
        roomId: round.roomId,
        startsAt: round.startsAt,
        successes: run.statuses[201] ?? 0,
        conflicts: run.statuses[409] ?? 0,
        other: run.times.length - (run.statuses[201] ?? 0) - (run.statuses[409] ?? 0),
        errors: run.result.errors,
        statusCodes: run.statuses,
        latencyMs: summarise(run.times),
        unexpected: samples.filter((sample) => sample.status !== 201),
      });
    }
    return { rounds: results };
  },

  /**
   * `concurrency` registrations at once for one session, round after round, each with its
   * own address and one place; counts how many the answers confirmed and waitlisted.
   */
  async registrationRace(message) {
    const { baseUrl, rounds, concurrency } = message;
    const results = [];
    for (const round of rounds) {
      const samples = [];
      const answered = { confirmed: 0, waitlisted: 0 };
      let counter = 0;
      const began = process.hrtime.bigint();
      const run = await fire({
        url: `${baseUrl}/api/forum/sessions/${round.sessionId}/registrations`,
        connections: concurrency,
        amount: concurrency,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        requests: [
          {
            setupRequest(request) {
              request.body = JSON.stringify(registration(`race-${round.index}`, counter++));
              return request;
            },
            onResponse(status, body) {
              if (status === 201) {
                const { status: answer } = JSON.parse(body);
                answered[answer] = (answered[answer] ?? 0) + 1;
              } else if (samples.length < 5) {
                samples.push({ status, body: body.slice(0, 600) });
              }
            },
          },
        ],
      });
      const seconds = Number(process.hrtime.bigint() - began) / 1e9;
      const registered = run.statuses[201] ?? 0;
      results.push({
        sessionId: round.sessionId,
        capacity: round.capacity,
        registered,
        confirmed: answered.confirmed,
        waitlisted: answered.waitlisted,
        other: run.times.length - registered,
        errors: run.result.errors,
        seconds: Math.round(seconds * 1000) / 1000,
        registrationsPerSecond: Math.round((registered / seconds) * 10) / 10,
        latencyMs: summarise(run.times),
        unexpected: samples,
      });
    }
    return { rounds: results };
  },

  /** Registrations as fast as they go, round-robin over several sessions. */
  async registrations(message) {
    const { baseUrl, sessionIds, connections } = message;
    let counter = 0;
    const setupRequest = (request) => {
      const i = counter++;
      request.path = `/api/forum/sessions/${sessionIds[i % sessionIds.length]}/registrations`;
      request.body = JSON.stringify(registration('load', i));
      return request;
    };
    const result = await withWarmup(
      message,
      {
        url: baseUrl,
        connections,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        requests: [{ method: 'POST', setupRequest }],
      },
      201,
    );
    return { ...result, requestsSent: counter };
  },
};

/** One place for one person with an address of their own. */
function registration(prefix, i) {
  return {
    name: `Gast ${i}`,
    email: `${prefix}-${i}@bench.example.org`,
    places: 1,
    locale: 'de',
  };
}

process.on('message', (message) => {
  const scenario = scenarios[message.scenario];
  if (!scenario) {
    process.send({ type: 'error', id: message.id, error: `no scenario ${message.scenario}` });
    return;
  }
  scenario(message).then(
    (result) => process.send({ type: 'result', id: message.id, result }),
    (error) =>
      process.send({ type: 'error', id: message.id, error: String(error?.stack ?? error) }),
  );
});

process.on('disconnect', () => process.exit(0));

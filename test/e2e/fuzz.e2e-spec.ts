import type { OpenAPIObject } from '@nestjs/swagger';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  berlin,
  book,
  bookingInput,
  BookingStage,
  createBookableRoom,
  createStage,
  EVERY_DAY_8_TO_22,
  futureDay,
} from '../support/booking-factories';
import { addClosure, setOpeningHours } from '../support/catalogue-factories';
import { createSession, registrationInput, sessionInput } from '../support/forum-factories';
import { login } from '../support/factories';
import {
  Caller,
  fixedRequests,
  FuzzFixtures,
  fuzzOperations,
  fuzzOrder,
  FuzzRequest,
  fuzzRequests,
  takesInput,
} from '../support/fuzz';
import { UsersService } from '../../src/identity/users.service';
import { fingerprint, startTestApp, TestApp } from '../support/test-app';
import { serverUrl } from '../support/test-database';

/**
 * Every operation of the API, as the service documents it at /api/docs-json (the same
 * document as openapi.json, which CI keeps in step), gets bad input generated from its
 * schemas: a route added later is fuzzed without a test written for it. Each answer must come
 * within 2 s, never be a 5xx, be problem+json when it is a 4xx, and be a refusal when the
 * input breaks the schema; refused requests change nothing in the database.
 *
 * FUZZ_SEED and FUZZ_RUNS (requests per operation) change the run; the counts are printed and
 * written to tmp/fuzz-<database>.json.
 */
// The suite runs twice, on the embedded database and on a server: the second run draws other
// inputs (its own seed) and fewer of them, so that both together cover more than one alone.
const SEED = Number(process.env.FUZZ_SEED ?? (serverUrl() ? 20_261_204 : 20_261_203));
const RUNS = Number(process.env.FUZZ_RUNS ?? (serverUrl() ? 20 : 40));
const ANSWER_WITHIN_MS = 2000;

interface Finding {
  request: string;
  problem: string;
}

describe('fuzz: bad input for every operation', () => {
  let app: TestApp;
  let stage: BookingStage;
  let spec: OpenAPIObject;
  let fixtures: FuzzFixtures;
  let tokens: Record<Caller, string | undefined>;
  /** Puts back what probes may have changed in the room every booking goes to. */
  let restore: () => Promise<void>;

  beforeAll(async () => {
    app = await startTestApp({ JOB_INTERVAL_SECONDS: '0' });
    spec = (await app.get('/api/docs-json')).body;
    stage = await createStage(app);
    const policy = { approval: 'manual', minDurationMinutes: 30, maxDurationMinutes: 480 };
    const room = await createBookableRoom(app, stage, policy);
    const users = app.running.app.get(UsersService);
    restore = async () => {
      // A probe may have ended a caller's sessions (a valid password change, an admin
      // blocking a user): that caller gets its password back and is unblocked, through the
      // identity module as an admin would, and logs in again. Admins cannot block themselves,
      // so the admin is mended first and unblocks the others.
      for (const caller of ['admin', 'owner', 'requester'] as const) {
        const user = stage[caller];
        if ((await app.get('/api/me', { token: user.token })).status !== 401) continue;
        await users.setPassword(user.id, await users.preparePassword(user.password));
        if (caller !== 'admin') {
          const unblocked = await app.post(`/api/users/${user.id}/unblock`, undefined, {
            token: stage.admin.token,
          });
          expect(unblocked.status).toBe(200);
        }
        user.token = tokens[caller] = await login(app, user.email, user.password);
      }
      const owner = { token: stage.owner.token };
      await app.patch(`/api/rooms/${room.id}`, { active: true, policy }, owner);
      await setOpeningHours(app, stage.owner, room.id, EVERY_DAY_8_TO_22);
    };
    const day = futureDay(3);
    const closure = await addClosure(app, stage.owner, room.id, {
      startsAt: berlin(`${futureDay(8)}T00:00`),
      endsAt: berlin(`${futureDay(8, 1)}T00:00`),
    });
    const booking = await book(
      app,
      stage.requester,
      bookingInput(
        room.id,
        stage.requesterOrganizationId,
        berlin(`${day}T10:00`),
        berlin(`${day}T12:00`),
      ),
    );
    const series = await book(
      app,
      stage.requester,
      bookingInput(
        room.id,
        stage.requesterOrganizationId,
        berlin(`${futureDay(4, 1)}T14:00`),
        berlin(`${futureDay(4, 1)}T16:00`),
        { recurrence: { rrule: 'FREQ=WEEKLY', count: 3 } },
      ),
    );
    const feed = await app.post(
      '/api/calendar/tokens',
      { scope: 'organization', subjectId: stage.organizationId },
      { token: stage.owner.token },
    );
    const session = await createSession(
      app,
      stage,
      sessionInput(room.id, futureDay(5, 2), '10:00', '12:00', { capacity: 5 }),
    );
    // A registration, so that the lists and the queue have something to show.
    await app.post(`/api/forum/sessions/${session.id}/registrations`, registrationInput('fuzz'));
    const outbox = await app.get('/api/admin/outbox', { token: stage.admin.token });
    fixtures = {
      ids: {
        organizations: stage.organizationId,
        venues: stage.venueId,
        venueId: stage.venueId,
        rooms: room.id,
        roomId: room.id,
        bookings: booking.id,
        'booking-series': series.seriesId,
        seriesId: series.seriesId,
        closureId: closure.id,
        userId: stage.member.id,
        tokens: feed.body.id,
        token: /\/feeds\/([^/]+)\.ics$/.exec(feed.body.url)![1],
        outbox: outbox.body.items[0].id,
        sessions: session.id,
      },
      organizationOf: {
        owner: stage.organizationId,
        requester: stage.requesterOrganizationId,
        admin: stage.organizationId,
      },
      times: {
        start: berlin(`${day}T14:00`),
        end: berlin(`${day}T16:00`),
        day: futureDay(6),
      },
    };
    tokens = {
      anonymous: undefined,
      owner: stage.owner.token,
      requester: stage.requester.token,
      admin: stage.admin.token,
    };
  }, 120_000);
  afterAll(() => app.close());

  async function send(
    request: FuzzRequest,
  ): Promise<{ status: number; type: string; text: string; ms: number }> {
    const headers = { ...request.headers };
    const token = tokens[request.caller];
    if (token && !headers.authorization) headers.authorization = `Bearer ${token}`;
    const started = performance.now();
    try {
      const response = await fetch(app.url + request.url, {
        method: request.method,
        headers,
        body: request.body,
        signal: AbortSignal.timeout(10 * ANSWER_WITHIN_MS),
      });
      const text = await response.text();
      return {
        status: response.status,
        type: response.headers.get('content-type') ?? '',
        text,
        ms: performance.now() - started,
      };
    } catch (error) {
      return { status: 0, type: '', text: String(error), ms: performance.now() - started };
    }
  }

  /** What is wrong with an answer, if anything. */
  function judge(request: FuzzRequest, answer: Awaited<ReturnType<typeof send>>): string | null {
    if (answer.status === 0) return `no answer: ${answer.text}`;
    if (answer.status >= 500) return `${answer.status}: ${answer.text.slice(0, 300)}`;
    if (answer.ms > ANSWER_WITHIN_MS) return `answered after ${Math.round(answer.ms)} ms`;
    if (answer.status >= 400) {
      if (!answer.type.startsWith('application/problem+json')) {
        return `${answer.status} as ${answer.type}: ${answer.text.slice(0, 200)}`;
      }
      const problem = JSON.parse(answer.text) as { type?: string; status?: number };
      if (problem.status !== answer.status || !problem.type) {
        return `${answer.status} with a problem that says ${answer.text.slice(0, 200)}`;
      }
    } else if (request.breaks) {
      return `accepted with ${answer.status}: ${answer.text.slice(0, 200)}`;
    }
    return null;
  }

  it('answers every request in time, never with a 5xx, and changes nothing it refuses', async () => {
    const operations = fuzzOrder(fuzzOperations(spec));
    const findings: Finding[] = [];
    let requests = 0;
    const statuses: Record<string, number> = {};
    const examples: Record<string, string[]> = {};
    const started = Date.now();

    for (const [index, operation] of operations.entries()) {
      const batch = [
        ...fixedRequests(operation, fixtures),
        ...fuzzRequests(operation, fixtures, SEED + index, takesInput(operation) ? RUNS : 5),
      ];
      let probed = false;
      let before = await fingerprint(app.db);
      for (const request of batch) {
        // A request that breaks nothing may succeed and change data (a probe that books, a
        // feed that notes when it was last read): what it changes is not held against the
        // refusals, which are checked up to it and from the state after it.
        const probe = !request.breaks;
        if (probe) {
          const now = await fingerprint(app.db);
          if (JSON.stringify(now) !== JSON.stringify(before)) {
            findings.push({ request: label(request), problem: 'a refused request changed data' });
          }
        }
        const answer = await send(request);
        requests++;
        statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
        const seen = (examples[answer.status] ??= []);
        if (seen.length < 5) seen.push(label(request));
        const problem = judge(request, answer);
        if (problem) findings.push({ request: label(request), problem });
        if (probe && answer.status < 400) {
          probed = true;
          before = await fingerprint(app.db);
        }
      }
      const after = await fingerprint(app.db);
      const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
      if (changed.length) {
        findings.push({
          request: `${operation.method} ${operation.path}`,
          problem: `refused requests changed ${changed.join(', ')}`,
        });
      }
      if (probed) await restore();
    }

    const counts = {
      database: serverUrl() ? 'server' : 'embedded',
      operations: operations.length,
      requests,
      seed: SEED,
      runsPerOperation: RUNS,
      seconds: Math.round((Date.now() - started) / 1000),
      findings: findings.length,
      statuses,
    };
    mkdirSync(join(__dirname, '..', '..', 'tmp'), { recursive: true });
    writeFileSync(
      join(__dirname, '..', '..', 'tmp', `fuzz-${counts.database}.json`),
      JSON.stringify({ ...counts, findings, examples }, null, 2),
    );
    console.log(`fuzz: ${JSON.stringify(counts)}`);
    expect(operations.length).toBeGreaterThan(40);
    expect(findings).toEqual([]);
  }, 600_000);
});

const label = (request: FuzzRequest): string =>
  `${request.method} ${request.operation.path} as ${request.caller} [${request.faults.join('; ')}] ${request.url.slice(0, 120)}`;

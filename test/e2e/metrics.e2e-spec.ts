import { randomUUID } from 'node:crypto';
import {
  createBookableRoom,
  createStage,
  futureDay,
  requestSlot,
} from '../support/booking-factories';
import { startTestApp, TestApp } from '../support/test-app';

interface Sample {
  value?: string;
  count?: string;
  labels?: Record<string, string>;
}
interface Family {
  name: string;
  type: string;
  help: string;
  metrics: Sample[];
}
// A parser of the Prometheus text format written to follow Prometheus' own (client_python's).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const parsePrometheus = require('parse-prometheus-text-format') as (text: string) => Family[];

/** GET /metrics as Prometheus scrapes it, parsed. */
async function scrape(app: TestApp, headers: Record<string, string> = {}): Promise<Family[]> {
  const reply = await app.get('/metrics', { headers });
  expect(reply.status).toBe(200);
  expect(reply.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheus(reply.text);
}

const sample = (families: Family[], name: string, labels: Record<string, string> = {}) => {
  const family = families.find((candidate) => candidate.name === name);
  const found = family?.metrics.find((metric) =>
    Object.entries(labels).every(([key, value]) => metric.labels?.[key] === value),
  );
  return found ? Number(found.value ?? found.count) : undefined;
};

describe('GET /metrics', () => {
  describe('without METRICS_TOKEN', () => {
    let app: TestApp;
    beforeAll(async () => {
      // Mail stays in the outbox; the booking jobs run every second.
      app = await startTestApp({ MAIL_INTERVAL_SECONDS: '0', JOB_INTERVAL_SECONDS: '1' });
    });
    afterAll(() => app.close());

    it('counts a request under its route pattern and status, never its URL', async () => {
      const room = { method: 'GET', route: '/api/rooms/:id', status: '404' };
      const before = (await scrape(app)).filter((f) => f.name.startsWith('rfe_'));
      const id = randomUUID();
      expect((await app.get(`/api/rooms/${id}`)).status).toBe(404);
      const secret = `feed-secret-${randomUUID()}`;
      expect((await app.get(`/api/calendar/feeds/${secret}.ics`)).status).toBe(404);

      const text = (await app.get('/metrics')).text;
      const after = parsePrometheus(text);
      expect(sample(after, 'rfe_http_requests_total', room)).toBe(
        (sample(before, 'rfe_http_requests_total', room) ?? 0) + 1,
      );
      expect(
        sample(after, 'rfe_http_requests_total', { route: '/api/calendar/feeds/:token.ics' }),
      ).toBe(1);
      // The parser folds a histogram's labelled series into one, so its count is read here.
      const timed =
        /^rfe_http_request_duration_seconds_count\{method="GET",route="\/api\/rooms\/:id"\} (\d+)$/m;
      expect(Number(timed.exec(text)?.[1])).toBeGreaterThanOrEqual(1);
      expect(after.find((f) => f.name === 'rfe_http_request_duration_seconds')?.type).toBe(
        'HISTOGRAM',
      );
      expect(text).not.toContain(secret);
      expect(text).not.toContain(id);
      // Every family is typed and explained, as Prometheus expects.
      for (const family of after) {
        expect({ name: family.name, type: family.type }).not.toMatchObject({ type: 'UNTYPED' });
        expect(family.help).not.toBe('');
      }
    });

    it('shows the outbox, job runs, the database pool and the process', async () => {
      const stage = await createStage(app);
      const roomOfStage = await createBookableRoom(app, stage);
      await requestSlot(app, stage, roomOfStage.id, futureDay(3), '18:00', '20:00');
      const [{ pending }] = await app.db.query<{ pending: number }[]>(
        `SELECT count(*)::int AS pending FROM outbox WHERE status = 'pending'`,
      );
      expect(pending).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 1500));

      const families = await scrape(app);
      expect(sample(families, 'rfe_outbox_messages', { status: 'pending' })).toBe(pending);
      expect(sample(families, 'rfe_outbox_messages', { status: 'failed' })).toBe(0);
      expect(sample(families, 'rfe_outbox_oldest_waiting_seconds')).toBeGreaterThan(0);
      expect(
        sample(families, 'rfe_job_runs_total', { job: 'BookingExpiry', outcome: 'ok' }),
      ).toBeGreaterThanOrEqual(1);
      expect(sample(families, 'rfe_database_pool_connections', { state: 'total' })).toBeGreaterThan(
        0,
      );
      expect(sample(families, 'process_resident_memory_bytes')).toBeGreaterThan(10 * 2 ** 20);
    });

    it('answers only clients on this machine that do not forward for others', async () => {
      const forwarded = await app.get('/metrics', {
        headers: { 'x-forwarded-for': '203.0.113.7' },
      });
      expect(forwarded.status).toBe(403);
      expect(forwarded.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(forwarded.body).toMatchObject({ status: 403, instance: '/metrics' });
    });
  });

  describe('with METRICS_TOKEN', () => {
    const token = 'metrics-token-0123456789abcdef';
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp({ METRICS_TOKEN: token });
    });
    afterAll(() => app.close());

    it('needs the token as a bearer token, also from this machine', async () => {
      for (const headers of [{}, { authorization: 'Bearer wrong-token-0123456789' }] as Record<
        string,
        string
      >[]) {
        const refused = await app.get('/metrics', { headers });
        expect(refused.status).toBe(401);
        expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(refused.headers.get('www-authenticate')).toBe('Bearer');
      }
      const families = await scrape(app, {
        authorization: `Bearer ${token}`,
        'x-forwarded-for': '203.0.113.7',
      });
      expect(
        sample(families, 'rfe_http_requests_total', { route: '/metrics', status: '401' }),
      ).toBe(2);
    });
  });
});

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { join } from 'node:path';
import { freePort, runService, startService } from '../support/service-process';
import { TEST_ENV } from '../support/test-app';
import { createTestDatabase, serverUrl, TMP_ROOT } from '../support/test-database';

const ROOT = join(__dirname, '..', '..');

/** What a person meets on the first start. */
describe('the first start', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(TMP_ROOT, 'first-start-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('ends its start-up with a line saying where to go', async () => {
    const database = await createTestDatabase();
    const service = await startService({ ...TEST_ENV, ...database.env, LOG_LEVEL: 'info' });
    try {
      const lines = service.output().trim().split('\n');
      const startUp = lines.slice(
        0,
        lines.findIndex((line) => line.includes('incoming request')),
      );
      const last = JSON.parse(startUp[startUp.length - 1]) as { msg: string };
      const publicUrl = `http://localhost:${new URL(service.url).port}`;
      expect(last.msg).toBe(
        `Raum für Engagement is ready. Web interface: ${publicUrl}/ · API documentation: ${publicUrl}/api/docs`,
      );
      // Nest's list of every module and route stays out of an ordinary start.
      expect(service.output()).not.toContain('RouterExplorer');
    } finally {
      expect(await service.stop()).toBe(0);
      await database.drop();
    }
  });

  it('stops at once with one line naming PORT when the port is taken, leaving no lock', async () => {
    const port = await freePort();
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
    try {
      const started = Date.now();
      const { exited } = runService({
        ...TEST_ENV,
        DATA_DIR: dataDir,
        HOST: '127.0.0.1',
        PORT: String(port),
      });
      const { code, stderr } = await exited;
      expect(code).toBe(1);
      expect(stderr.trim()).toBe(
        `Configuration error: PORT ${port} is in use by another program; stop it or choose another PORT`,
      );
      // Before the database is opened: quick, and nothing left in the data folder.
      expect(Date.now() - started).toBeLessThan(5000);
      expect(readdirSync(dataDir)).toEqual([]);
    } finally {
      holder.close();
    }
  });

  it('keeps dist/ when demo data is seeded while the service runs', async () => {
    const database = await createTestDatabase();
    const service = await startService({ ...TEST_ENV, ...database.env });
    try {
      const seed = spawnSync('npm', ['run', '--silent', 'seed:demo'], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', ...database.env },
      });
      if (serverUrl()) {
        expect(seed.status).toBe(0);
      } else {
        // The embedded database is the service's alone: the seed is refused, nothing else.
        expect(seed.status).toBe(1);
        expect(seed.stderr).toContain(`DATA_DIR is in use by process ${service.child.pid}`);
      }
      expect(existsSync(join(ROOT, 'dist', 'src', 'main.js'))).toBe(true);
      expect((await fetch(`${service.url}/health/ready`)).status).toBe(200);
    } finally {
      expect(await service.stop()).toBe(0);
      await database.drop();
    }
  });
});

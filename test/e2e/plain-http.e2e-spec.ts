import { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { createApp, RunningApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { launchChromium } from '../support/chromium';
import { startTestApp, TEST_ENV } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/**
 * An agency's service is often reached at a plain-http LAN address (http://192.168.1.5:3000).
 * The browser must then not be told to insist on https, or every asset fails and pages stay
 * blank; behind a TLS proxy (PUBLIC_URL https) it must.
 */
const LAN_NAME = 'raum.lan';

describe('plain http and https', () => {
  it.each([
    ['http://192.168.1.5:3000', false],
    ['https://raum.example.org', true],
  ])(
    'with PUBLIC_URL %s sends HSTS and upgrade-insecure-requests: %s',
    async (publicUrl, https) => {
      const app = await startTestApp({ PUBLIC_URL: publicUrl });
      try {
        for (const path of ['/api/organizations', '/api/docs']) {
          const reply = await app.get(path);
          expect(reply.status).toBe(200);
          const csp = reply.headers.get('content-security-policy') ?? '';
          expect(csp).toContain("default-src 'self'");
          // Swagger UI's inline <style> blocks are allowed by their hashes, nothing more.
          expect(csp).not.toContain('unsafe-inline');
          if (path === '/api/docs') expect(csp).toMatch(/style-src 'self' 'sha256-[^']+'/);
          expect(csp.includes('upgrade-insecure-requests')).toBe(https);
          const hsts = reply.headers.get('strict-transport-security');
          if (https) expect(hsts).toMatch(/max-age=\d+/);
          else expect(hsts).toBeNull();
        }
      } finally {
        await app.close();
      }
    },
  );

  describe('in Chromium, at a plain-http address that is not localhost', () => {
    let browser: Browser;
    let database: TestDatabase;
    beforeAll(async () => {
      // raum.lan stands for a LAN host name: Chromium treats loopback addresses as secure
      // and never upgrades them, a name it resolves to one it does.
      const lan = `--host-resolver-rules=MAP ${LAN_NAME} 127.0.0.2`;
      [browser, database] = await Promise.all([launchChromium([lan]), createTestDatabase()]);
    });
    afterAll(async () => {
      await browser?.close();
      await database?.drop();
    });

    /** Serves on 127.0.0.2 and reports what Chromium made of /api/docs at `host`. */
    async function openDocs(host: string, publicUrl?: string) {
      const env = { ...TEST_ENV, ...database.env, HOST: '127.0.0.2', PORT: '0' };
      let running: RunningApp | undefined;
      const page = await browser.newPage();
      try {
        running = await createApp(loadConfig(publicUrl ? { ...env, PUBLIC_URL: publicUrl } : env));
        await running.app.listen({ port: 0, host: '127.0.0.2' });
        const { port } = running.app.getHttpServer().address() as AddressInfo;
        const failed: string[] = [];
        page.on('requestfailed', (request) => failed.push(request.url()));
        const response = await page.goto(`http://${host}:${port}/api/docs`);
        const title = await page
          .locator('.swagger-ui .info .title')
          .textContent({ timeout: 5000 })
          .catch(() => null);
        const operations = await page.locator('.swagger-ui .opblock').count();
        return { status: response?.status(), title, operations, failed };
      } finally {
        await page.close();
        await running?.close();
      }
    }

    it.each(['127.0.0.2', LAN_NAME])('renders the API documentation at http://%s', async (host) => {
      const seen = await openDocs(host);
      expect(seen.status).toBe(200);
      expect(seen.title).toContain('Raum für Engagement');
      expect(seen.operations).toBeGreaterThan(20);
      expect(seen.failed).toEqual([]);
    });

    it('would stay blank if the service told the browser to upgrade to https', async () => {
      const seen = await openDocs(LAN_NAME, 'https://raum.example.org');
      expect(seen.status).toBe(200);
      expect(seen.title).toBeNull();
      expect(seen.failed.some((url) => url.startsWith(`https://${LAN_NAME}:`))).toBe(true);
    });
  });
});

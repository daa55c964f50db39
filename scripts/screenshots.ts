import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './chromium';

const USAGE = `Usage: npm run screenshots [-- <folder>]

Starts the service on a fresh embedded database with the demo data (npm run seed:demo),
walks the main pages in headless Chromium (Debian's chromium package) as the demo's people
and saves a picture of each in <folder> (default docs/screenshots), for the README.
The service and its data are removed at the end; nothing else is touched.`;

const root = join(__dirname, '..', '..');
const DEMO_PASSWORD = 'demo-passwort';
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 780 };

interface Shot {
  file: string;
  what: string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The demo data in a fresh embedded database, then the service on it. */
async function startService(dataDir: string) {
  // Always the embedded database and the demo's own admin, whatever this shell has set.
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  for (const name of ['DATABASE_URL', 'ADMIN_EMAIL', 'ADMIN_PASSWORD', 'NODE_ENV', 'PORT']) {
    delete env[name];
  }
  const seed = spawnSync(process.execPath, [join(__dirname, 'seed-demo.js')], {
    env,
    encoding: 'utf8',
  });
  if (seed.status !== 0) throw new Error(`npm run seed:demo failed:\n${seed.stderr}`);
  const port = await freePort();
  const service = spawn(process.execPath, [join(root, 'dist', 'src', 'main.js')], {
    env: { ...env, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://localhost:${port}` },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://localhost:${port}`;
  const until = Date.now() + 90_000;
  while (Date.now() < until) {
    if (service.exitCode !== null) throw new Error(`the service stopped (${service.exitCode})`);
    const ready = await fetch(`${baseUrl}/health/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return { service, baseUrl };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  service.kill();
  throw new Error('the service was not ready within 90 s');
}

async function signIn(context: BrowserContext, baseUrl: string, email: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.fill('#field-email', email);
  await page.fill('#field-password', DEMO_PASSWORD);
  await Promise.all([
    page.waitForURL((url) => url.pathname !== '/login'),
    page.click('main button[type=submit]'),
  ]);
  return page;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return;
  }
  const folder = join(root, args[0] ?? join('docs', 'screenshots'));
  mkdirSync(folder, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'rfe-screenshots-'));
  const { service, baseUrl } = await startService(dataDir);
  let browser: Browser | undefined;
  const shots: Shot[] = [];
  const shoot = async (page: Page, file: string, what: string, fullPage = false) => {
    await page.screenshot({ path: join(folder, file), fullPage });
    shots.push({ file, what });
    console.log(`  ${file}: ${what}`);
  };
  try {
    browser = await launchChromium(['--lang=de-DE']);
    const desktop = (locale = 'de-DE') =>
      browser!.newContext({ viewport: DESKTOP, locale, timezoneId: 'Europe/Berlin' });

    // A visitor: the start page and the catalogue.
    const visitor = await (await desktop()).newPage();
    await visitor.goto(`${baseUrl}/`);
    await shoot(visitor, 'start.png', 'the start page');
    await visitor.goto(`${baseUrl}/rooms?capacityMin=20`);
    await shoot(visitor, 'catalogue.png', 'the room catalogue, rooms for at least 20 people');

    // An owner's room: its page with the week, as the visitor sees it.
    const owner = await signIn(await desktop(), baseUrl, 'stadtteilzentren@demo.example.org');
    await owner.goto(`${baseUrl}/owner/venues`);
    await shoot(owner, 'owner-venues.png', "a room owner's venues and rooms");
    const ownerRoom = await owner.getAttribute('a[href^="/owner/rooms/"]', 'href');
    const roomId = ownerRoom!.split('/').pop()!;
    await visitor.goto(`${baseUrl}/rooms/${roomId}?week=${nextWeek()}`);
    await shoot(visitor, 'room.png', "a room's page with its week of free and busy hours", true);

    // An organisation requests a free hour of that room.
    const member = await signIn(await desktop(), baseUrl, 'elif@demo.example.org');
    await member.goto(`${baseUrl}/rooms/${roomId}?week=${nextWeek()}`);
    await member.click('.rfe-week-table a[href*="/bookings/new"]');
    await member.fill('#field-title', 'Elterncafé');
    await shoot(member, 'request.png', 'a booking request, prefilled from the week');
    await Promise.all([
      member.waitForURL(/\/bookings\//),
      member.click('main form button[type=submit]'),
    ]);
    await member.goto(`${baseUrl}/bookings/mine`);
    await shoot(member, 'my-bookings.png', "an organisation's bookings");

    // The owner sees the request and what else is asked for at that time.
    await owner.goto(`${baseUrl}/bookings/requests`);
    await shoot(owner, 'requests.png', "the owner's incoming requests", true);

    // Agency staff: organisations waiting for verification.
    const staff = await signIn(await desktop(), baseUrl, 'admin@demo.example.org');
    await staff.goto(`${baseUrl}/staff/organizations`);
    await shoot(staff, 'staff-organizations.png', 'staff: organisations waiting for verification');
    await staff.goto(`${baseUrl}/staff/forum/series/new`);
    await shoot(staff, 'forum-series.png', 'staff: planning a series of forum evenings');
    await staff.goto(`${baseUrl}/surveys/new`);
    await shoot(staff, 'survey-new.png', 'staff: opening a round of the needs survey');
    await staff.goto(`${baseUrl}/reports?report=utilization`);
    await shoot(staff, 'reports.png', 'staff: reports with table, chart and CSV downloads', true);
    const year = new Date().getFullYear();
    await staff.goto(`${baseUrl}/reports/annual/${year}`);
    await shoot(staff, 'annual-report.png', `the annual report ${year}, ready to print`, true);

    // An organisation asks for a citizen mentor.
    await member.goto(`${baseUrl}/mentoring/requests/new`);
    await shoot(member, 'mentoring-request.png', 'an organisation asks for a mentor');

    // Arabic, right to left, on a phone: the week becomes a list per day.
    const phone = await (
      await browser.newContext({ viewport: PHONE, locale: 'ar', isMobile: true })
    ).newPage();
    await phone.goto(`${baseUrl}/rooms/${roomId}?week=${nextWeek()}`);
    await shoot(phone, 'room-ar-phone.png', 'the room page in Arabic on a phone', true);
  } finally {
    await browser?.close();
    service.kill('SIGTERM');
    await new Promise((resolve) => service.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(`\n${shots.length} pictures in ${relative(process.cwd(), folder) || '.'}`);
}

/** Monday of next week (yyyy-mm-dd), so that the week shown has free hours ahead. */
function nextWeek(): string {
  const day = new Date();
  day.setUTCDate(day.getUTCDate() + 7 - ((day.getUTCDay() + 6) % 7));
  return day.toISOString().slice(0, 10);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { OutboxWorker } from '../../src/notifications/outbox-worker.service';
import { WebSessionsService } from '../../src/web/shell/web-sessions.service';
import {
  berlin,
  book,
  bookingInput,
  BookingStage,
  createBookableRoom,
  EVERY_DAY_8_TO_22,
  futureDay,
} from '../support/booking-factories';
import { parseFeed, uidOf } from '../support/calendar-feeds';
import { createVenue, WORKING_WEEK } from '../support/catalogue-factories';
import { createSession, registrationInput, sessionInput } from '../support/forum-factories';
import { launchChromium } from '../support/chromium';
import {
  addMember,
  createOrganization,
  loginAdmin,
  registerUser,
  TestUser,
} from '../support/factories';
import { runningAssignment } from '../support/mentoring-factories';
import { SmtpSink } from '../support/smtp-sink';
import { serverUrl } from '../support/test-database';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The pages in a real browser (Debian's Chromium through playwright-core; CI installs it,
 * and without it this file fails): the way of a new volunteer — sign up, confirm the address,
 * create an organisation, find a free room for Saturday 10–12, request it, the owner
 * approves, the booking shows approved and is in the room's feed — by keyboard only, with
 * JavaScript and without. Then every page of that way, also showing form errors, and the
 * 404 page, in German and in Arabic, at 320 CSS px and at desktop width: axe-core finds no
 * serious or critical WCAG 2.2 A/AA violation, nothing scrolls sideways, targets are at
 * least 24 × 24 px. No page of either part breaks the Content-Security-Policy.
 */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const NARROW = { width: 320, height: 640 };
const DESKTOP = { width: 1280, height: 800 };
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/*
 * What runs inside the page is written as source text: the project's TypeScript has no DOM
 * types (it is a server), and these few lines need none.
 */

/** Whether the focused element matches a selector. */
const FOCUSED_IS = (selector: string) =>
  `document.activeElement?.matches(${JSON.stringify(selector)}) === true`;

/**
 * How many Tab presses at least lie between the focused element and the first element
 * matching the selector: the visible focusable elements in between (a date field has more
 * stops than one, so this never overshoots).
 */
const TABS_AT_LEAST = (selector: string) => `(() => {
  const all = [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea')]
    .filter((el) => !el.disabled && el.getClientRects().length > 0);
  const target = all.findIndex((el) => el.matches(${JSON.stringify(selector)}));
  if (target < 0) return -1;
  let from = all.indexOf(document.activeElement);
  // After a link to #week, Tab starts from that point of the page.
  const anchor = from < 0 && location.hash ? document.getElementById(location.hash.slice(1)) : null;
  if (anchor)
    from = all.filter((el) => anchor.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING).length - 1;
  return Math.max(0, target - from - 1);
})()`;

/**
 * Sideways scrolling, and targets (links, buttons, fields) smaller than 24 × 24 CSS px —
 * except links inside a sentence (WCAG 2.5.8's inline exception) and what is visually
 * hidden (the skip link until it has focus, screen-reader texts).
 */
const LAYOUT_PROBLEMS = `(() => {
  const problems = [];
  const root = document.scrollingElement;
  if (root.scrollWidth > root.clientWidth)
    problems.push('scrolls sideways: ' + root.scrollWidth + ' > ' + root.clientWidth);
  const targets = document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea');
  for (const el of targets) {
    if (el.closest('.kern-sr-only') || el.classList.contains('rfe-skip-link')) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.width >= 24 && box.height >= 24) continue;
    const style = getComputedStyle(el);
    if (el.tagName === 'A' && style.display === 'inline') {
      const block = el.parentElement.closest('p, li, dd, td, th, label, div');
      const around = block ? block.textContent.replace(el.textContent, '').trim() : '';
      if (around.length > 0) continue;
    }
    const name = (el.textContent || el.getAttribute('name') || el.id || '').trim().slice(0, 40);
    problems.push('target ' + Math.round(box.width) + 'x' + Math.round(box.height) + ': <' +
      el.tagName.toLowerCase() + '> ' + name);
  }
  return problems;
})()`;

/** axe-core's serious and critical violations; an axe that checked nothing is one too. */
const AXE_RUN = `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(AXE_TAGS)} },
  resultTypes: ['violations'] }).then((result) => result.passes.length === 0
  ? ['axe-core checked nothing']
  : result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => v.id + ' (' + v.impact + '): ' +
      v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')))`;

describe('the pages in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let sink: SmtpSink;
  let owner: TestUser;
  let admin: TestUser;
  let ownerOrganizationId: string;
  let roomId: string;
  /** What the browser reported against the Content-Security-Policy. */
  const violations: string[] = [];

  beforeAll(async () => {
    sink = await SmtpSink.start();
    [app, browser] = await Promise.all([
      startTestApp({ SMTP_URL: sink.url }),
      // Date and time fields take their keys in a fixed order then: see timeKeys.
      launchChromium(['--lang=en-US']),
    ]);
    [owner, admin] = await Promise.all([
      registerUser(app, { name: 'Petra Raumwart' }),
      loginAdmin(app),
    ]);
    ownerOrganizationId = (await createOrganization(app, owner, { name: 'Bürgerhaus e. V.' })).id;
    const venue = await createVenue(app, owner, ownerOrganizationId, { name: 'Bürgerhaus Süd' });
    // The factory's room (approval by the owner, no notice needed) in this venue.
    const stage = { owner, venueId: venue.id } as BookingStage;
    const [room] = await Promise.all([
      createBookableRoom(app, stage, {}, EVERY_DAY_8_TO_22, { name: 'Saal Vielfalt' }),
      // Closed on Saturdays: the catalogue must not offer it for Saturday 10–12.
      createBookableRoom(app, stage, {}, WORKING_WEEK, { name: 'Werktagsraum' }),
    ]);
    roomId = room.id;
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await sink?.close();
  });

  /** A fresh browser profile; what it reports against the CSP goes to `violations`. */
  async function newContext(options: { javaScript?: boolean; locale?: string } = {}) {
    const context = await browser.newContext({
      javaScriptEnabled: options.javaScript ?? true,
      locale: options.locale ?? 'de-DE',
      viewport: DESKTOP,
    });
    await context.exposeBinding('reportCspViolation', ({ page }, text: string) => {
      violations.push(`${page.url()}: ${text}`);
    });
    await context.addInitScript(
      `document.addEventListener('securitypolicyviolation', (event) =>
        window.reportCspViolation(event.violatedDirective + ' ' + event.blockedURI));`,
    );
    context.on('console', (message) => {
      if (/content.security.policy|refused to/i.test(message.text()))
        violations.push(`${message.location().url}: ${message.text()}`);
    });
    return context;
  }

  /** A context logged in as `user`, with a web session as the login page opens one. */
  async function contextOf(user: TestUser, locale: string) {
    const context = await newContext({ locale });
    const sessions = app.running.app.get(WebSessionsService, { strict: false });
    const session = await sessions.open(user.id);
    await context.addCookies([{ name: 'rfe_session', value: session.secret, url: app.url }]);
    return context;
  }

  /**
   * Presses Tab until the focused element matches `selector`: it is reached by keyboard,
   * and nothing is clicked.
   */
  async function tabTo(page: Page, selector: string) {
    const atLeast = await page.evaluate<number>(TABS_AT_LEAST(selector));
    if (atLeast < 0) throw new Error(`no ${selector} on ${page.url()}`);
    for (let i = 0; i < atLeast; i++) await page.keyboard.press('Tab');
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate<boolean>(FOCUSED_IS(selector))) return;
    }
    throw new Error(`${selector} not reached by Tab on ${page.url()}`);
  }

  /** Tabs to a field and types into it (replacing what a text field held). */
  async function typeInto(page: Page, field: string, keys: string | string[]) {
    await tabTo(page, `#field-${field}`);
    const type = await page.evaluate<string>('document.activeElement.type');
    if (!/^(date|time|datetime-local)$/.test(type)) await page.keyboard.press('ControlOrMeta+A');
    for (const part of [keys].flat()) {
      if (part === 'Tab') await page.keyboard.press('Tab');
      else await page.keyboard.type(part);
    }
  }

  /** Presses Enter on the focused element; the status of the page it leads to. */
  async function enter(page: Page): Promise<number> {
    const [response] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    return response?.status() ?? 0;
  }

  const pathOf = (page: Page) => {
    const url = new URL(page.url());
    return url.pathname + url.search;
  };

  /**
   * After an invalid submit: the page says "Fehler:" in its title, the summary at the top
   * of <main> links to each field, and following its first link by keyboard reaches the
   * field.
   */
  async function expectErrorSummary(page: Page, status: number, fields: string[]) {
    expect(status).toBe(422);
    expect(await page.title()).toMatch(/^Fehler: /);
    const summary = page.locator('main .rfe-error-summary');
    expect(await summary.isVisible()).toBe(true);
    const links = await page.evaluate<string[]>(
      `[...document.querySelectorAll('main .rfe-error-summary a')].map((a) => a.getAttribute('href'))`,
    );
    expect(links).toEqual(fields.map((field) => `#field-${field}`));
    for (const field of fields) {
      expect(await page.locator(`#field-${field}[aria-invalid=true]`).count()).toBe(1);
    }
    await tabTo(page, '.rfe-error-summary a');
    await page.keyboard.press('Enter');
    expect(await page.evaluate<string>('document.activeElement.id')).toBe(`field-${fields[0]}`);
  }

  async function mailTo(email: string) {
    await app.running.app.get(OutboxWorker).deliverDue();
    const mail = sink.received.find((m) => m.envelopeTo.includes(email.toLowerCase()));
    if (!mail) throw new Error(`no mail to ${email}`);
    return mail;
  }

  /** The way of a new volunteer up to the request sent; the booking's id. */
  async function volunteerRequestsSaturday(page: Page, saturday: string, label: string) {
    const email = `${label}@example.org`;

    // Sign up; a first try without a name.
    await page.goto(app.url + '/');
    await tabTo(page, 'a[href="/signup"]');
    await enter(page);
    await typeInto(page, 'email', email);
    await typeInto(page, 'password', 'ein-gutes-passwort');
    await expectErrorSummary(page, await enter(page), ['name']);
    await page.keyboard.type(`Amira ${label}`);
    await typeInto(page, 'password', 'ein-gutes-passwort');
    expect(await enter(page)).toBe(200);
    expect(pathOf(page)).toBe('/me');

    // Confirm the address with the mail's link.
    const link = /https?:\/\/\S+\/confirm-email\?token=[\w-]+/.exec((await mailTo(email)).text);
    expect(link).not.toBeNull();
    const confirm = new URL(link![0]);
    await page.goto(app.url + confirm.pathname + confirm.search);
    await tabTo(page, 'main button[type=submit]');
    await enter(page);
    expect(await page.locator('main .kern-alert--success').isVisible()).toBe(true);

    // Create the organisation; the agency verifies it (setup, through the API).
    await tabTo(page, 'a[href="/organizations/mine"]');
    await enter(page);
    await tabTo(page, 'main a[href="/organizations/new"]');
    await enter(page);
    await typeInto(page, 'name', `Elternverein ${label}`);
    await enter(page);
    const organizationId = new RegExp(`/organizations/(${UUID})/view`).exec(page.url())![1];
    const verified = await app.post(
      `/api/organizations/${organizationId}/verify`,
      { verified: true },
      { token: admin.token },
    );
    expect(verified.status).toBe(200);

    // Find a room free on Saturday 10–12: only the one open on Saturdays.
    await tabTo(page, 'a[href="/rooms"]');
    await enter(page);
    await typeInto(page, 'freeFrom', dateTimeKeys(saturday, '10:00'));
    await typeInto(page, 'freeTo', dateTimeKeys(saturday, '12:00'));
    expect(await enter(page)).toBe(200);
    const found = await page.locator('.rfe-results > li h3').allTextContents();
    expect(found.map((name) => name.trim())).toEqual(['Saal Vielfalt']);
    await tabTo(page, '.rfe-results a');
    await enter(page);

    // The room's week at that Saturday: its 10:00 slot leads to the prefilled request.
    const startsAt = new Date(berlin(`${saturday}T10:00`)).toISOString();
    await tabTo(page, `.rfe-week-table a[href*="startsAt=${encodeURIComponent(startsAt)}"]`);
    await enter(page);
    await typeInto(page, 'title', 'Elterncafé');
    await typeInto(page, 'to', [timeKeys('12:00')]);
    await enter(page);
    const sent = new RegExp(`^/bookings/(${UUID})/view\\?sent=1$`).exec(pathOf(page));
    expect(sent).not.toBeNull();
    expect(await page.locator('.rfe-status--pending').count()).toBe(1);
    return sent![1];
  }

  async function ownerApproves(page: Page, bookingId: string) {
    await page.goto(app.url + '/');
    await tabTo(page, 'a[href="/login"]');
    await enter(page);
    await typeInto(page, 'email', owner.email);
    await typeInto(page, 'password', owner.password);
    await enter(page);
    await tabTo(page, 'a[href="/bookings/requests"]');
    await enter(page);
    await tabTo(page, `main a[href="/bookings/${bookingId}/view"]`);
    await enter(page);
    await tabTo(page, 'button[value=approve]');
    await enter(page);
    expect(pathOf(page)).toBe(`/bookings/${bookingId}/view?done=1`);
    expect(await page.locator('.rfe-status--approved').count()).toBe(1);
  }

  async function requesterSeesApproved(page: Page, bookingId: string, saturday: string) {
    await tabTo(page, 'a[href="/bookings/mine"]');
    await enter(page);
    await tabTo(page, `main a[href="/bookings/${bookingId}/view"]`);
    await enter(page);
    expect(await page.locator('.rfe-status--approved').count()).toBe(1);
    // The room's feed link, on the room's page. PUBLIC_URL names another host in the tests:
    // the link's path is fetched here.
    await tabTo(page, `main a[href^="/rooms/${roomId}"]`);
    await enter(page);
    const href = await page.locator('.rfe-feed a').getAttribute('href');
    const reply = await fetch(app.url + new URL(href!).pathname);
    expect(reply.status).toBe(200);
    const event = parseFeed(await reply.text()).event(uidOf(app, bookingId));
    expect(event.status).toBe('CONFIRMED');
    expect(event.startInBerlin).toBe(`${saturday}T10:00`);
    expect(event.end.toISOString()).toBe(new Date(berlin(`${saturday}T12:00`)).toISOString());
  }

  it('hears the browser report a CSP violation (or the other tests could not see one)', async () => {
    const context = await newContext();
    try {
      const page = await context.newPage();
      await page.goto(app.url + '/');
      // An inline style, as a template might bring one: the policy refuses it.
      await page.evaluate(`new Promise((resolve) => {
        document.addEventListener('securitypolicyviolation', resolve, { once: true });
        document.head.insertAdjacentHTML('beforeend', '<style>body { color: red }</style>');
      })`);
      await page.evaluate('0');
      expect(violations.join('\n')).toMatch(/style-src/);
    } finally {
      await context.close();
      violations.length = 0;
    }
  });

  it.each([
    ['with JavaScript', true, 2, 'tastatur'],
    ['without JavaScript', false, 3, 'ohne-skript'],
  ])(
    '%s: a volunteer books Saturday 10–12 by keyboard, the owner approves, the feed has it',
    async (_, javaScript, weeksAhead, label) => {
      const saturday = futureDay(weeksAhead, 5);
      const [volunteer, ownerContext] = await Promise.all([
        newContext({ javaScript }),
        newContext({ javaScript }),
      ]);
      try {
        const page = await volunteer.newPage();
        const bookingId = await volunteerRequestsSaturday(page, saturday, label);
        await ownerApproves(await ownerContext.newPage(), bookingId);
        await requesterSeesApproved(page, bookingId, saturday);
      } finally {
        await Promise.all([volunteer.close(), ownerContext.close()]);
      }
      expect(violations).toEqual([]);
    },
  );

  /** A page to check: where, as whom, and whether to send its form empty first. */
  interface Visit {
    path: string;
    as: 'anonymous' | 'requester' | 'owner' | 'staff';
    status?: number;
    /** Send the page's form with `clear` emptied: the page with its errors (422). */
    invalid?: { clear?: string[] };
  }

  /** Every page of the way, as the people on it see them, with and without form errors. */
  async function pagesIn(locale: string, day: string): Promise<Visit[]> {
    const requester = await registerUser(app, { name: 'Amina Yilmaz', locale });
    const organization = await createOrganization(app, requester, { name: 'Elternnetz Süd' });
    await app.post(
      `/api/organizations/${organization.id}/verify`,
      { verified: true },
      { token: admin.token },
    );
    const at = (time: string) => berlin(`${day}T${time}`);
    const booking = await book(
      app,
      requester,
      bookingInput(roomId, organization.id, at('14:00'), at('16:00')),
    );
    const roomOwner = await registerUser(app, { name: 'Hans Hausmeister', locale });
    await addMember(app, ownerOrganizationId, owner, roomOwner, 'owner');
    // Agency staff in this language, and a full forum session with one person waiting (its
    // staff page then offers larger rooms).
    const staff = await registerUser(app, { name: 'Sara Stab', locale });
    await app.db.query(`UPDATE users SET is_admin = true WHERE id = $1`, [staff.id]);
    const session = await createSession(
      app,
      { admin } as BookingStage,
      sessionInput(roomId, day, '18:00', '20:00', { capacity: 1 }),
    );
    for (const who of ['sweep', 'waiting']) {
      await app.post(
        `/api/forum/sessions/${session.id}/registrations`,
        registrationInput(`${who}-${locale}`),
      );
    }
    users[locale] = { requester: requester, owner: roomOwner, staff };
    // The room's owner mentors the organisation: both sides of a running assignment.
    const mentoring = await runningAssignment(app, admin, roomOwner, requester, organization.id);
    const round = await app.post(
      '/api/surveys',
      {
        title: { de: 'Bedarfe', en: 'Needs' },
        closesAt: berlin(`${day}T18:00`),
        questions: [
          {
            area: 'rooms',
            kind: 'rating',
            required: true,
            text: { de: 'Wie dringend brauchen Sie Räume?', en: 'How urgently?' },
          },
          {
            area: 'training',
            kind: 'choice',
            text: { de: 'Wann?', en: 'When?' },
            options: [
              { key: 'evenings', label: { de: 'Abends', en: 'Evenings' } },
              { key: 'weekends', label: { de: 'Am Wochenende', en: 'At weekends' } },
            ],
          },
          { area: 'other', kind: 'text', text: { de: 'Was fehlt?', en: 'What is missing?' } },
        ],
      },
      { token: admin.token },
    );
    const range = `from=${day.slice(0, 8)}01&to=${day}`;
    const request = new URLSearchParams({ roomId, startsAt: at('10:00'), endsAt: at('12:00') });
    return [
      { path: '/', as: 'anonymous' },
      { path: '/signup', as: 'anonymous', invalid: {} },
      { path: '/login', as: 'anonymous', invalid: {} },
      { path: '/forgot-password', as: 'anonymous', invalid: {} },
      { path: `/reset-password?token=${'t'.repeat(43)}`, as: 'anonymous', invalid: {} },
      { path: '/rooms', as: 'anonymous' },
      { path: `/rooms?freeFrom=${day}T10%3A00`, as: 'anonymous', status: 422 },
      { path: `/rooms/${roomId}?week=${day}`, as: 'anonymous' },
      { path: '/confirm-email?token=abc', as: 'anonymous' },
      { path: '/no-such-page', as: 'anonymous', status: 404 },
      { path: '/me', as: 'requester' },
      { path: '/me/delete', as: 'requester', invalid: {} },
      { path: '/?accountDeleted=1', as: 'anonymous' },
      { path: '/organizations/mine', as: 'requester' },
      { path: '/organizations/new', as: 'requester', invalid: {} },
      { path: `/organizations/${organization.id}/view`, as: 'requester', invalid: {} },
      { path: `/bookings/new?${request.toString()}`, as: 'requester', invalid: { clear: ['to'] } },
      { path: '/bookings/mine', as: 'requester' },
      { path: `/bookings/${booking.id}/view`, as: 'requester' },
      { path: '/bookings/requests', as: 'owner' },
      { path: `/bookings/${booking.id}/view`, as: 'owner' },
      { path: '/forum', as: 'anonymous' },
      { path: `/forum/sessions/${session.id}`, as: 'anonymous', invalid: {} },
      { path: '/staff/forum', as: 'staff' },
      { path: '/staff/forum/sessions/new', as: 'staff', invalid: {} },
      { path: '/staff/forum/series/new', as: 'staff', invalid: {} },
      { path: `/staff/forum/sessions/${session.id}`, as: 'staff', invalid: {} },
      { path: `/staff/forum/sessions/${session.id}/cancel`, as: 'staff' },
      { path: `/staff/forum/sessions/${session.id}/attendance`, as: 'staff' },
      { path: '/mentoring', as: 'requester' },
      { path: '/mentoring/profile', as: 'requester', invalid: {} },
      { path: '/mentoring/requests/new', as: 'requester', invalid: {} },
      { path: `/mentoring/requests/${mentoring.request.id}`, as: 'requester' },
      { path: `/mentoring/assignments/${mentoring.assignment.id}`, as: 'owner', invalid: {} },
      { path: '/surveys', as: 'requester' },
      { path: `/surveys/${round.body.id}`, as: 'requester', invalid: {} },
      { path: '/surveys/new', as: 'staff', invalid: {} },
      { path: `/surveys/${round.body.id}`, as: 'staff' },
      { path: `/reports?report=utilization&${range}`, as: 'staff' },
      { path: `/reports?report=reach&${range}`, as: 'staff' },
      { path: `/reports?report=needs&round=${round.body.id}`, as: 'staff' },
      {
        path: `/reports?report=bookings&from=${day}&to=${day.slice(0, 8)}01`,
        as: 'staff',
        status: 422,
      },
    ];
  }

  const users: Record<string, { requester: TestUser; owner: TestUser; staff: TestUser }> = {};

  /** axe-core, sideways scrolling and target sizes at 320 px and at desktop width. */
  async function problemsOf(page: Page, label: string): Promise<string[]> {
    const problems: string[] = [];
    if (!(await page.evaluate<boolean>('typeof axe === "object"'))) await page.evaluate(AXE_SOURCE);
    for (const [width, viewport] of [
      ['320 px', NARROW],
      ['desktop', DESKTOP],
    ] as const) {
      await page.setViewportSize(viewport);
      const found = [
        ...(await page.evaluate<string[]>(LAYOUT_PROBLEMS)),
        ...(await page.evaluate<string[]>(AXE_RUN)),
      ];
      problems.push(...found.map((problem) => `${label} at ${width}: ${problem}`));
    }
    return problems;
  }

  // What a page looks like and how accessible it is does not depend on the database: the
  // sweep runs once, in the embedded run; the flows above run on both databases.
  if (!serverUrl())
    it.each([
      ['German', 'de', 'de-DE', 'ltr', 2],
      ['Arabic', 'ar', 'ar', 'rtl', 3],
    ])(
      'in %s every page passes axe-core, fits 320 px and has targets of 24 px',
      async (_, locale, browserLocale, dir, weekday) => {
        const visits = await pagesIn(locale, futureDay(4, weekday));
        const contexts = {
          anonymous: await newContext({ locale: browserLocale }),
          requester: await contextOf(users[locale].requester, browserLocale),
          owner: await contextOf(users[locale].owner, browserLocale),
          staff: await contextOf(users[locale].staff, browserLocale),
        };
        const problems: string[] = [];
        try {
          const pages = {
            anonymous: await contexts.anonymous.newPage(),
            requester: await contexts.requester.newPage(),
            owner: await contexts.owner.newPage(),
            staff: await contexts.staff.newPage(),
          };
          for (const visit of visits) {
            const page = pages[visit.as];
            const response = await page.goto(app.url + visit.path);
            expect([visit.path, response?.status()]).toEqual([visit.path, visit.status ?? 200]);
            expect(
              await page.evaluate<string[]>(
                '[document.documentElement.lang, document.documentElement.dir]',
              ),
            ).toEqual([locale, dir]);
            problems.push(...(await problemsOf(page, `${visit.as} ${visit.path}`)));
            if (!visit.invalid) continue;
            const form = page.locator('main form[novalidate]').first();
            for (const field of visit.invalid.clear ?? [])
              await form.locator(`#field-${field}`).fill('');
            await form.locator('button[type=submit]').first().focus();
            const status = await enter(page);
            expect([visit.path, status]).toEqual([visit.path, 422]);
            expect(await page.locator('main .rfe-error-summary').isVisible()).toBe(true);
            problems.push(...(await problemsOf(page, `${visit.as} ${visit.path} with errors`)));
          }
        } finally {
          await Promise.all(Object.values(contexts).map((context) => context.close()));
        }
        expect(problems).toEqual([]);
        expect(violations).toEqual([]);
      },
      // Some fifty pages, each checked at two widths: a minute ran out under a full suite.
      180_000,
    );
});

/**
 * What one types into Chromium's time field, segment by segment, as launched here with
 * `--lang=en-US`: hours (1–12), minutes, then A or P.
 */
function timeKeys(time: string): string {
  const [hours, minutes] = time.split(':').map(Number);
  const twelve = hours % 12 === 0 ? 12 : hours % 12;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(twelve)}${pad(minutes)}${hours < 12 ? 'A' : 'P'}`;
}

/** The same for a date and time field: month, day, year, Tab (a year takes six digits), time. */
function dateTimeKeys(date: string, time: string): string[] {
  const [year, month, day] = date.split('-');
  return [`${month}${day}${year}`, 'Tab', timeKeys(time)];
}

'use strict';

/**
 * h. The web pages (issue 8): what a first visit costs in bytes (HTML, CSS, fonts, scripts,
 * as sent compressed), each core page's HTML, and the server's time per page with the bench's
 * connections. Pages of signed-in people are measured with a session made through the login
 * form, as a browser would.
 */

const http = require('node:http');
const zlib = require('node:zlib');

/** The demo data's people (npm run seed:demo), all with the demo password. */
const DEMO_PASSWORD = 'demo-passwort';
const ORGANIZATION_MEMBER = 'elif@demo.example.org';
const ROOM_OWNER = 'stadtteilzentren@demo.example.org';

/** One GET or POST with the raw answer: bytes as they came over the wire, not decoded. */
function request(baseUrl, path, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL(path, baseUrl),
      { method, headers: { 'accept-encoding': 'br, gzip', ...headers } },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const encoding = res.headers['content-encoding'];
          const text =
            encoding === 'br'
              ? zlib.brotliDecompressSync(raw)
              : encoding === 'gzip'
                ? zlib.gunzipSync(raw)
                : raw;
          resolve({
            status: res.statusCode,
            headers: res.headers,
            wireBytes: raw.length,
            bytes: text.length,
            text: text.toString('utf8'),
            encoding: encoding ?? 'identity',
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

/** The cookies a response sets, as one Cookie header (merged into what was there). */
function withCookies(previous, response) {
  const jar = new Map(
    (previous ? previous.split('; ') : []).map((pair) => [pair.split('=')[0], pair]),
  );
  for (const line of [].concat(response.headers['set-cookie'] ?? [])) {
    const pair = line.split(';')[0];
    jar.set(pair.split('=')[0], pair);
  }
  return [...jar.values()].join('; ');
}

/** Signs in through the page form; returns the session's Cookie header. */
async function signIn(baseUrl, email) {
  const form = await request(baseUrl, '/login');
  let cookie = withCookies('', form);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1];
  if (!csrf) throw new Error('the login page has no CSRF field');
  const body = new URLSearchParams({ _csrf: csrf, email, password: DEMO_PASSWORD }).toString();
  const answer = await request(baseUrl, '/login', {
    method: 'POST',
    headers: {
      cookie,
      origin: new URL(baseUrl).origin,
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': Buffer.byteLength(body),
    },
    body,
  });
  if (answer.status !== 303) throw new Error(`login as ${email} answered ${answer.status}`);
  cookie = withCookies(cookie, answer);
  return cookie;
}

/** Everything a first visit of `path` loads: the page, its styles, scripts and fonts. */
async function firstVisit(baseUrl, path) {
  const page = await request(baseUrl, path);
  const assets = new Set();
  for (const match of page.text.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)) {
    assets.add(match[1]);
  }
  const parts = [{ path, kind: 'html', wireBytes: page.wireBytes, encoding: page.encoding }];
  const fonts = new Set();
  for (const asset of assets) {
    const answer = await request(baseUrl, asset);
    parts.push({
      path: asset,
      kind: asset.split('.').pop(),
      wireBytes: answer.wireBytes,
      encoding: answer.encoding,
    });
    if (asset.endsWith('.css')) {
      for (const match of answer.text.matchAll(/url\(["']?([^"')]+\.woff2)["']?\)/g)) {
        fonts.add(new URL(match[1], new URL(asset, baseUrl)).pathname);
      }
    }
  }
  // A browser loads only the fonts the page's text uses; the bench counts all the styles
  // name, which is the most a first visit can cost.
  for (const font of fonts) {
    if (assets.has(font)) continue;
    const answer = await request(baseUrl, font);
    parts.push({ path: font, kind: 'woff2', wireBytes: answer.wireBytes, encoding: 'identity' });
  }
  const total = parts.reduce((sum, part) => sum + part.wireBytes, 0);
  return { path, totalKiB: Math.round((total / 1024) * 10) / 10, parts };
}

/**
 * The core pages, for anonymous visitors and for signed-in people, with the paths of rooms
 * and venues found in the demo data.
 */
async function corePages(baseUrl) {
  const catalogue = await request(baseUrl, '/rooms');
  const roomPath = /href="(\/rooms\/[\w-]+)"/.exec(catalogue.text)?.[1];
  if (!roomPath) throw new Error('the catalogue page links to no room');
  const member = await signIn(baseUrl, ORGANIZATION_MEMBER);
  const owner = await signIn(baseUrl, ROOM_OWNER);
  return [
    { name: 'start', path: '/' },
    { name: 'catalogue', path: '/rooms' },
    { name: 'room with week view', path: roomPath },
    { name: 'forum programme', path: '/forum' },
    { name: 'login', path: '/login' },
    { name: 'my bookings', path: '/bookings/mine', cookie: member },
    {
      name: 'booking request form',
      path: `/bookings/new?roomId=${roomPath.split('/').pop()}`,
      cookie: member,
    },
    { name: 'owner: incoming requests', path: '/bookings/requests', cookie: owner },
    { name: 'owner: my venues', path: '/owner/venues', cookie: owner },
  ];
}

/** The HTML of each page, as sent (compressed) and as the browser reads it. */
async function pageBytes(baseUrl, pages) {
  const sizes = [];
  for (const page of pages) {
    const answer = await request(baseUrl, page.path, {
      headers: page.cookie ? { cookie: page.cookie } : {},
    });
    if (answer.status !== 200) {
      throw new Error(`${page.name} (${page.path}) answered ${answer.status}`);
    }
    sizes.push({
      name: page.name,
      path: page.path,
      htmlKiB: Math.round((answer.bytes / 1024) * 10) / 10,
      compressedKiB: Math.round((answer.wireBytes / 1024) * 10) / 10,
      encoding: answer.encoding,
    });
  }
  return sizes;
}

module.exports = { corePages, firstVisit, pageBytes };

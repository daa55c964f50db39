import { fingerprint, startTestApp, TestApp } from '../support/test-app';

/** The web pages' shell over real HTTP: language, errors as pages, assets, forms refused. */
describe('web shell', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  /** The start page's CSRF cookie and token, as a browser gets them. */
  async function browserSession(): Promise<{ cookie: string; token: string }> {
    const reply = await app.get('/');
    const cookie = reply.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const token = /name="_csrf" value="([^"]+)"/.exec(reply.text)![1];
    return { cookie, token };
  }

  it('serves the start page with lang, dir and a strict CSP', async () => {
    const reply = await app.get('/', { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^text\/html/);
    expect(reply.text).toContain('<html lang="en" dir="ltr">');
    expect(reply.text).toContain('href="#main"');
    const csp = reply.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toMatch(/style-src 'self'(;|$)/);
    expect(csp).not.toContain('unsafe');
    expect(reply.text).not.toMatch(/<script(?![^>]*\bsrc=)|<style|\sstyle=/i);
    const setCookie = reply.headers.getSetCookie().join('\n');
    expect(setCookie).toMatch(/rfe_csrf=[\w-]+; Path=\/; SameSite=Lax; HttpOnly/);
    expect(setCookie).not.toContain('Secure'); // PUBLIC_URL is http here
  });

  it('answers an unknown page with a 404 page in the browser language', async () => {
    const reply = await app.get('/no-such-page', { headers: { 'accept-language': 'de' } });
    expect(reply.status).toBe(404);
    expect(reply.headers.get('content-type')).toMatch(/^text\/html/);
    expect(reply.text).toContain('<html lang="de" dir="ltr">');
    expect(reply.text).toContain('Nicht gefunden');
    const api = await app.get('/api/no-such-thing');
    expect(api.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('serves fingerprinted assets precompressed and immutable', async () => {
    const page = await app.get('/');
    const css = /href="(\/assets\/main\.[0-9a-f]{12}\.css)"/.exec(page.text)![1];
    const reply = await fetch(app.url + css, { headers: { 'accept-encoding': 'br' } });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(reply.headers.get('content-type')).toMatch(/^text\/css/);
    const text = await reply.text(); // fetch decodes brotli
    expect(text).toContain('.kern-btn');
    expect(text).toMatch(/url\(fira-sans-400\.[0-9a-f]{12}\.woff2\)/);
    expect((await fetch(`${app.url}/assets/nothing.css`)).status).toBe(404);
  });

  it('keeps the chosen language in a cookie', async () => {
    const { cookie, token } = await browserSession();
    const reply = await fetch(`${app.url}/language`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ _csrf: token, locale: 'en', back: '/rooms' }).toString(),
    });
    expect(reply.status).toBe(303);
    expect(reply.headers.get('location')).toBe('/rooms');
    const lang = reply.headers.getSetCookie().find((c) => c.startsWith('rfe_lang='))!;
    const page = await app.get('/', {
      headers: { cookie: `${cookie}; ${lang.split(';')[0]}`, 'accept-language': 'de' },
    });
    expect(page.text).toContain('<html lang="en"');
  });

  it('refuses a form without its token or from another origin with 403, changing nothing', async () => {
    const { cookie, token } = await browserSession();
    const before = await fingerprint(app.db);
    const post = (body: Record<string, string>, headers: Record<string, string> = {}) =>
      fetch(`${app.url}/language`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, ...headers },
        body: new URLSearchParams(body).toString(),
      });
    const refused = [
      await post({ locale: 'en' }),
      await post({ locale: 'en', _csrf: 'forged' }),
      await post({ locale: 'en', _csrf: token }, { origin: 'https://evil.example' }),
      await post({ locale: 'en', _csrf: token }, { referer: 'https://evil.example/form' }),
    ];
    for (const reply of refused) {
      expect(reply.status).toBe(403);
      expect(reply.headers.get('content-type')).toMatch(/^text\/html/);
      expect(reply.headers.getSetCookie().some((c) => c.startsWith('rfe_lang='))).toBe(false);
      expect(await reply.text()).toContain('Formular nicht angenommen');
    }
    expect(await fingerprint(app.db)).toEqual(before);
    expect((await post({ locale: 'en', _csrf: token }, { origin: app.url })).status).toBe(303);
  });

  it('refuses form bodies on the API', async () => {
    const reply = await app.post('/api/auth/login', undefined, {
      raw: 'email=a%40b.c&password=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(reply.status).toBe(415);
  });
});

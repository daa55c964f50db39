import { WebSessionsService } from '../../src/web/shell/web-sessions.service';
import { fingerprint, TestApp } from './test-app';

/**
 * A browser without a browser, for page tests over real HTTP: keeps cookies, reads the CSRF
 * token from the last page, posts forms as application/x-www-form-urlencoded and does not
 * follow redirects (tests look at the 303).
 */
export interface PageReply {
  status: number;
  headers: Headers;
  text: string;
  location: string | null;
}

export class WebClient {
  readonly cookies = new Map<string, string>();
  private token = '';

  constructor(
    readonly baseUrl: string,
    private readonly acceptLanguage = 'de',
  ) {}

  private remember(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      if (attributes.some((a) => /max-age=0$/i.test(a.trim()))) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(at + 1));
    }
  }

  private get cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<PageReply> {
    const response = await fetch(this.baseUrl + path, {
      redirect: 'manual',
      headers: { 'accept-language': this.acceptLanguage, cookie: this.cookieHeader, ...headers },
    });
    this.remember(response.headers);
    const text = await response.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(text);
    if (token) this.token = token[1];
    return {
      status: response.status,
      headers: response.headers,
      text,
      location: response.headers.get('location'),
    };
  }

  /** Posts a form with the token of the last page (unless the fields say otherwise). */
  async post(
    path: string,
    fields: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<PageReply> {
    const response = await fetch(this.baseUrl + path, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'accept-language': this.acceptLanguage,
        'content-type': 'application/x-www-form-urlencoded',
        origin: this.baseUrl,
        cookie: this.cookieHeader,
        ...headers,
      },
      body: new URLSearchParams({ _csrf: this.token, ...fields }).toString(),
    });
    this.remember(response.headers);
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      text,
      location: response.headers.get('location'),
    };
  }
}

/**
 * A client already signed in as `user` (a session opened as the login form would), or
 * anonymous, that has loaded the start page: it holds the CSRF cookie and its form token.
 */
export async function webClientOf(
  app: TestApp,
  user?: { id: string },
  acceptLanguage = 'de',
): Promise<WebClient> {
  const client = new WebClient(app.url, acceptLanguage);
  if (user) {
    const sessions = app.running.app.get(WebSessionsService, { strict: false });
    client.cookies.set('rfe_session', (await sessions.open(user.id)).secret);
  }
  await client.get('/');
  return client;
}

/** Posts a form, expects `status`, and asserts that nothing in the database changed. */
export async function postRefused(
  app: TestApp,
  browser: WebClient,
  path: string,
  status: number,
  fields: Record<string, string> = {},
): Promise<PageReply> {
  const before = await fingerprint(app.db);
  const reply = await browser.post(path, fields);
  expect([path, reply.status]).toEqual([path, status]);
  expect(await fingerprint(app.db)).toEqual(before);
  return reply;
}

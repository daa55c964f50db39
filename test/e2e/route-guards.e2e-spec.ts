// Before anything loads Nest's Fastify adapter: record the routes Fastify registers.
jest.mock('@nestjs/platform-fastify', () =>
  jest.requireActual('../support/openapi-client').recordingFastifyPlatform(),
);

import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { createHmac, randomUUID } from 'node:crypto';
import { ADMIN_ONLY, IS_PUBLIC } from '../../src/common/auth/actor';
import { IS_PAGE } from '../../src/web/shell/page.decorator';
import { registerUser, TestUser } from '../support/factories';
import {
  isPublicOperation,
  RegisteredRoute,
  registeredRoutes,
  toOpenApiPath,
} from '../support/openapi-client';
import { startTestApp, TEST_ENV, TestApp } from '../support/test-app';

/**
 * Deny by default, checked over the router rather than a list: every route Fastify holds under
 * /api and /health is matched to its Nest handler, and the guard's own metadata (`@Public()`,
 * `@AdminOnly()`) says what the route must answer. A route added later is covered as it is.
 */

interface GuardedRoute extends RegisteredRoute {
  isPublic: boolean;
  adminOnly: boolean;
}

/** The only routes that change something and are open to anyone. */
const PUBLIC_WRITES = [
  'POST /api/auth/register',
  'POST /api/auth/login',
  // Anyone may register for a public session (the service refuses members' sessions), and
  // whoever holds a registration's private link may cancel it.
  'POST /api/forum/sessions/:id/registrations',
  'DELETE /api/forum/registrations/:token',
  'POST /api/auth/email-confirmation',
  'POST /api/auth/password-reset',
  'POST /api/auth/password-reset/complete',
];

const inScope = (url: string): boolean =>
  /^\/(api|health)(\/|$)/.test(url) && !/^\/api\/docs($|[/-])/.test(url);

const normalise = (...parts: string[]): string =>
  ('/' + parts.filter(Boolean).join('/')).replace(/\/+/g, '/').replace(/(.)\/$/, '$1');

interface Handler {
  method: string;
  path: string;
  isPublic: boolean;
  adminOnly: boolean;
}

/** Every controller method Nest knows, with the metadata the global guard reads. */
function nestHandlers(testApp: TestApp): Handler[] {
  const app = testApp.running.app;
  const reflector = app.get(Reflector);
  const scanner = new MetadataScanner();
  const handlers: Handler[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      // Web pages (under `/`, guarded by their session) are not API routes.
      if (!controller || Reflect.getMetadata(IS_PAGE, controller)) continue;
      const controllerPaths = [Reflect.getMetadata(PATH_METADATA, controller) ?? ''].flat();
      for (const name of scanner.getAllMethodNames(controller.prototype)) {
        const method = (controller.prototype as Record<string, () => unknown>)[name];
        const verb = Reflect.getMetadata(METHOD_METADATA, method) as RequestMethod | undefined;
        if (verb === undefined) continue;
        const targets = [method, controller];
        for (const controllerPath of controllerPaths) {
          for (const path of [Reflect.getMetadata(PATH_METADATA, method) ?? ''].flat()) {
            handlers.push({
              method: RequestMethod[verb],
              path: normalise(controllerPath as string, path as string),
              // Read exactly as the guard reads it: the handler's mark wins over the class's.
              isPublic: reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) ?? false,
              adminOnly: reflector.getAllAndOverride<boolean>(ADMIN_ONLY, targets) ?? false,
            });
          }
        }
      }
    }
  }
  return handlers;
}

/** Where a handler is served: the API's under `/api` (RouterModule), the health checks as they are. */
const served = (path: string): string[] => [normalise('api', path), path];

/**
 * The router's routes with their handler's metadata. A route is matched to the handler served
 * at exactly its path (`served`); a route under /api or /health that
 * matches no handler was registered on Fastify directly, where Nest's guard never runs.
 */
function guardedRoutes(app: TestApp): { routes: GuardedRoute[]; unmatched: string[] } {
  const handlers = nestHandlers(app);
  const routes: GuardedRoute[] = [];
  const unmatched: string[] = [];
  for (const route of registeredRoutes(app.running.app).filter((r) => inScope(r.url))) {
    const candidates = handlers.filter(
      (handler) => handler.method === route.method && served(handler.path).includes(route.url),
    );
    if (candidates.length !== 1) {
      unmatched.push(`${route.method} ${route.url} (${candidates.length} handlers)`);
      continue;
    }
    routes.push({ ...route, isPublic: candidates[0].isPublic, adminOnly: candidates[0].adminOnly });
  }
  return { routes, unmatched };
}

/** A URL for the route, with every parameter filled by a random UUID. */
const urlFor = (route: RegisteredRoute): string =>
  route.url.replace(/:(\w+)(\([^)]*\))?/g, () => randomUUID()).replace(/\*/g, 'x');

const base64url = (value: object): string =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

function jwt(header: object, payload: object, secret?: string): string {
  const unsigned = `${base64url(header)}.${base64url(payload)}`;
  const signature = secret ? createHmac('sha256', secret).update(unsigned).digest('base64url') : '';
  return `${unsigned}.${signature}`;
}

describe('route guards', () => {
  let app: TestApp;
  let routes: GuardedRoute[];
  let unmatched: string[];
  let user: TestUser;
  let forgedTokens: Record<string, string>;

  beforeAll(async () => {
    app = await startTestApp();
    ({ routes, unmatched } = guardedRoutes(app));
    user = await registerUser(app);
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: user.id, iat: now, exp: now + 3600 };
    // Each is a token a real user's id could be put into by someone without the secret.
    forgedTokens = {
      'signed with another secret': jwt(
        { alg: 'HS256', typ: 'JWT' },
        claims,
        'some-other-secret-that-is-long-enough-0123456789',
      ),
      'unsigned (alg none)': jwt({ alg: 'none', typ: 'JWT' }, claims),
      expired: jwt(
        { alg: 'HS256', typ: 'JWT' },
        { ...claims, iat: now - 7200, exp: now - 3600 },
        TEST_ENV.JWT_SECRET,
      ),
      'not a JWT': 'not-a-token',
    };
  });
  afterAll(() => app.close());

  const call = (route: RegisteredRoute, token?: string) =>
    app.request(route.method, urlFor(route), undefined, token ? { token } : {});

  it('finds every route of the router and its guard metadata', () => {
    // Each route goes through Nest, so through the global guard.
    expect(unmatched).toEqual([]);
    const byName = new Map(routes.map((route) => [`${route.method} ${route.url}`, route]));
    // Known points, so that a walker that found nothing cannot pass the tests below.
    expect(byName.get('GET /api/me')).toMatchObject({ isPublic: false, adminOnly: false });
    expect(byName.get('POST /api/auth/login')).toMatchObject({ isPublic: true });
    expect(byName.get('GET /health/ready')).toMatchObject({ isPublic: true });
    expect(byName.get('POST /api/organizations/:id/verify')).toMatchObject({ adminOnly: true });
  });

  it('serves every API handler under /api or /health, none at the root beside the pages', () => {
    // A module left out of the RouterModule list in app.module.ts would answer at `/forum/…`.
    const names = new Set(routes.map((route) => `${route.method} ${route.url}`));
    const outside = nestHandlers(app).filter(
      (handler) => !served(handler.path).some((url) => names.has(`${handler.method} ${url}`)),
    );
    expect(outside).toEqual([]);
    expect(names.has('GET /api/forum/sessions')).toBe(true);
  });

  it('refuses every closed route without a token, with 401 problem+json', async () => {
    const wrong: string[] = [];
    for (const route of routes.filter((r) => !r.isPublic)) {
      const reply = await call(route);
      const ok =
        reply.status === 401 &&
        /^application\/problem\+json/.test(reply.headers.get('content-type') ?? '') &&
        reply.body.status === 401 &&
        reply.headers.get('www-authenticate') === 'Bearer';
      if (!ok)
        wrong.push(`${route.method} ${route.url}: ${reply.status} ${reply.text.slice(0, 200)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('refuses a forged, unsigned or expired token on every route, open or closed', async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      for (const [kind, token] of Object.entries(forgedTokens)) {
        const reply = await call(route, token);
        if (reply.status !== 401 || reply.body.status !== 401) {
          wrong.push(`${route.method} ${route.url} with a token ${kind}: ${reply.status}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses a token once it expired, also one that was let in before', async () => {
    const now = Math.floor(Date.now() / 1000);
    const shortLived = jwt(
      { alg: 'HS256', typ: 'JWT' },
      { sub: user.id, iat: now, exp: now + 2 },
      TEST_ENV.JWT_SECRET,
    );
    expect((await app.get('/api/me', { token: shortLived })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, (now + 2) * 1000 - Date.now() + 50));
    const expired = await app.get('/api/me', { token: shortLived });
    expect(expired.status).toBe(401);
  });

  it('lets anyone call the open routes without a token', async () => {
    const wrong: string[] = [];
    for (const route of routes.filter((r) => r.isPublic)) {
      const reply = await call(route);
      if (reply.status === 401 || reply.status === 403 || reply.status >= 500) {
        wrong.push(`${route.method} ${route.url}: ${reply.status} ${reply.text.slice(0, 200)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('opens no route that changes something, except registering and logging in', () => {
    const openWrites = routes
      .filter((route) => route.isPublic && route.method !== 'GET')
      .map((route) => `${route.method} ${route.url}`);
    expect(openWrites.filter((route) => !PUBLIC_WRITES.includes(route))).toEqual([]);
  });

  it('refuses every admin route to a logged-in user who is not an admin, with 403', async () => {
    const adminRoutes = routes.filter((route) => route.adminOnly);
    expect(adminRoutes.length).toBeGreaterThan(0);
    const wrong: string[] = [];
    for (const route of adminRoutes) {
      const reply = await call(route, user.token);
      if (reply.status !== 403 || reply.body.status !== 403) {
        wrong.push(`${route.method} ${route.url}: ${reply.status} ${reply.text.slice(0, 200)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('tells API clients the same: the spec marks open exactly the open routes', async () => {
    const spec = (await app.get<OpenAPIObject>('/api/docs-json')).body;
    const wrong: string[] = [];
    for (const route of routes) {
      const path = toOpenApiPath(route.url);
      const operation = spec.paths[path]?.[route.method.toLowerCase() as 'get'];
      if (!operation) continue; // a missing operation is the OpenAPI test's finding
      if (isPublicOperation(spec, operation) !== route.isPublic) {
        wrong.push(`${route.method} ${path}: spec says ${route.isPublic ? 'closed' : 'open'}`);
      }
      if (route.adminOnly && !operation.responses['403']) {
        wrong.push(`${route.method} ${path}: admin only, but no 403 documented`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

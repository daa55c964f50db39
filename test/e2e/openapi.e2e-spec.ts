// Before anything loads Nest's Fastify adapter: record the routes Fastify registers.
jest.mock('@nestjs/platform-fastify', () =>
  jest.requireActual('../support/openapi-client').recordingFastifyPlatform(),
);

import type { OpenAPIObject, ResponseObject } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { loginAdmin } from '../support/factories';
import {
  isPublicOperation,
  openApiProblem,
  parametersOf,
  registeredRoutes,
  SpecClient,
  specOperations,
  toOpenApiPath,
} from '../support/openapi-client';
import { startTestApp, TestApp } from '../support/test-app';

/** Routes of the contract: the API and the health checks, not the documentation itself. */
const inContract = (path: string): boolean =>
  /^\/(api|health)(\/|$)/.test(path) && !/^\/api\/docs($|[/-])/.test(path);

describe('OpenAPI document', () => {
  let app: TestApp;
  let spec: OpenAPIObject;
  let client: SpecClient;

  beforeAll(async () => {
    app = await startTestApp();
    const reply = await app.get('/api/docs-json');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
    spec = reply.body;
    client = new SpecClient(spec, app.url);
  });
  afterAll(() => app.close());

  it('is a valid OpenAPI 3 document', async () => {
    expect(spec.openapi).toMatch(/^3\.0\.\d+$/);
    expect(await openApiProblem(spec)).toBeNull();
    // The validator does look: a response without its required description is refused.
    const broken = structuredClone(spec);
    broken.paths['/api/broken'] = { get: { responses: { 200: {} } } } as never;
    expect(await openApiProblem(broken)).toMatch(/description/);
    expect(spec.components?.securitySchemes?.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    expect(spec.security).toEqual([{ bearer: [] }]);
  });

  it('serves the UI under the service security headers, and the UI loads under them', async () => {
    const page = await app.get('/api/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain('swagger-ui');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(page.headers.get('x-request-id')).toBeTruthy();

    // script-src 'self' blocks inline scripts: the page must load all of its code from files
    // of the same origin, and each of those must be there.
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    const assets = [...page.text.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)"/gi)]
      .map((match) => new URL(match[1], `${app.url}/api/docs`))
      .filter((url) => url.origin === app.url);
    expect(assets.length).toBeGreaterThanOrEqual(3);
    for (const asset of assets) {
      const reply = await fetch(asset);
      await reply.arrayBuffer();
      expect({ asset: asset.pathname, status: reply.status }).toEqual({
        asset: asset.pathname,
        status: 200,
      });
    }
  });

  it('lists exactly the routes the router has', () => {
    const router = registeredRoutes(app.running.app)
      .filter((route) => inContract(route.url))
      .map((route) => `${route.method} ${toOpenApiPath(route.url)}`);
    const documented = specOperations(spec)
      .map(({ method, path }) => `${method.toUpperCase()} ${path}`)
      .filter((route) => inContract(route.split(' ')[1]));
    // The router is walked, not guessed: it must hold what every deployment has.
    expect(router).toEqual(expect.arrayContaining(['GET /health/ready', 'POST /api/auth/login']));
    expect([...new Set(router)].sort()).toEqual([...documented].sort());
  });

  it('describes every operation completely', () => {
    const problems: string[] = [];
    const ids = new Map<string, string>();
    const tags = new Map((spec.tags ?? []).map((tag) => [tag.name, tag.description]));

    for (const { method, path, operation } of specOperations(spec)) {
      const at = `${method.toUpperCase()} ${path}`;
      const fail = (message: string) => problems.push(`${at}: ${message}`);
      const id = operation.operationId;
      if (!id) fail('no operationId');
      else if (ids.has(id)) fail(`operationId ${id} also used by ${ids.get(id)}`);
      else ids.set(id, at);
      if (!operation.summary?.trim()) fail('no summary');
      if (!operation.tags?.length) fail('no tag');
      for (const tag of operation.tags ?? []) {
        if (!tags.get(tag)) fail(`tag ${tag} is not declared with a description`);
      }

      const responses = Object.entries(operation.responses).map(
        ([status, response]) => [status, response as ResponseObject] as const,
      );
      const successes = responses.filter(([status]) => /^2/.test(status));
      if (successes.length === 0) fail('no 2xx response');
      for (const [status, response] of successes) {
        const media = Object.values(response.content ?? {});
        if (status === '204' && media.length > 0) fail('204 with a body');
        if (status !== '204' && !media.some((entry) => entry.schema))
          fail(`${status} has no schema`);
      }
      for (const [status, response] of responses.filter(([status]) => /^[45]/.test(status))) {
        const schema = response.content?.['application/problem+json']?.schema;
        if (!schema || !('$ref' in schema) || !schema.$ref.endsWith('/ProblemDto')) {
          fail(`${status} is not documented as application/problem+json`);
        }
      }

      const parameters = parametersOf(spec, operation);
      for (const [, name] of path.matchAll(/\{(\w+)\}/g)) {
        if (!parameters.some((p) => p.in === 'path' && p.name === name && p.required)) {
          fail(`path parameter ${name} is not declared as required`);
        }
      }
      if (parameters.some((parameter) => !parameter.schema)) fail('a parameter without schema');
      const validated = parameters.filter((p) => p.in === 'path' || p.in === 'query');
      const takesInput = Boolean(operation.requestBody) || validated.length > 0;
      if (takesInput && !operation.responses['400']) fail('takes input but documents no 400');
      if (!isPublicOperation(spec, operation) && !operation.responses['401']) {
        fail('needs a login but documents no 401');
      }
    }
    expect(problems).toEqual([]);
  });

  it('a client built from the spec alone registers, logs in and runs an organisation', async () => {
    for (const id of [
      'register',
      'login',
      'getMe',
      'updateMe',
      'createOrganization',
      'getOrganization',
      'listOrganizations',
      'updateOrganization',
      'addMember',
      'removeMember',
      'verifyOrganization',
    ]) {
      expect({ operation: id, inSpec: client.has(id) }).toEqual({ operation: id, inSpec: true });
    }

    const email = `spec-${randomUUID().slice(0, 8)}@example.org`;
    const registered = await client.call('register', {
      body: { email, password: 'a-good-password', name: 'Selin', locale: 'de' },
    });
    expect(registered.status).toBe(201);
    const refused = await client.call('login', {
      body: { email, password: 'not-the-password' },
    });
    expect(refused.status).toBe(401);
    const login = await client.call('login', { body: { email, password: 'a-good-password' } });
    expect(login.status).toBe(200);
    const token: string = login.body.accessToken;

    const me = await client.call('getMe', { token });
    expect(me.body).toMatchObject({ id: registered.body.id, email, isAdmin: false });
    const renamed = await client.call('updateMe', { token, body: { name: 'Selin K.' } });
    expect(renamed.body.name).toBe('Selin K.');

    const created = await client.call('createOrganization', {
      token,
      body: {
        name: `Elternverein ${randomUUID().slice(0, 8)}`,
        kind: 'association',
        languages: ['de', 'tr', 'ar'],
        fields: ['education', 'culture'],
        district: 'Emmertsgrund',
        description: 'Hausaufgabenhilfe und Elterncafé',
        originRegions: ['Westafrika'],
        contactEmail: 'kontakt@example.org',
        contactPhone: '+49 6221 123456',
        website: 'https://example.org',
      },
    });
    expect(created.status).toBe(201);
    const organizationId: string = created.body.id;

    const asOwner = await client.call('getOrganization', {
      token,
      params: { id: organizationId },
    });
    expect(asOwner.body).toMatchObject({ id: organizationId, myRole: 'owner' });
    const anonymous = await client.call('getOrganization', { params: { id: organizationId } });
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.contactEmail).toBeUndefined();

    const listed = await client.call('listOrganizations', {
      query: { q: 'Elternverein', kind: 'association', language: 'tr', limit: 5, offset: 0 },
    });
    expect(listed.body.items.map((item: { id: string }) => item.id)).toContain(organizationId);
    expect(listed.body).toMatchObject({ limit: 5, offset: 0 });
    const mine = await client.call('listOrganizations', { token, query: { mine: true } });
    expect(mine.body.total).toBe(1);

    const updated = await client.call('updateOrganization', {
      token,
      params: { id: organizationId },
      body: { district: 'Rohrbach' },
    });
    expect(updated.body.district).toBe('Rohrbach');

    const memberEmail = `spec-member-${randomUUID().slice(0, 8)}@example.org`;
    const member = await client.call('register', {
      body: { email: memberEmail, password: 'another-password', name: 'Mehmet', locale: 'en' },
    });
    const added = await client.call('addMember', {
      token,
      params: { id: organizationId },
      body: { email: memberEmail, role: 'member' },
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ userId: member.body.id, role: 'member' });

    const notAdmin = await client.call('verifyOrganization', {
      token,
      params: { id: organizationId },
      body: { verified: true },
    });
    expect(notAdmin.status).toBe(403);
    const admin = await loginAdmin(app);
    const verified = await client.call('verifyOrganization', {
      token: admin.token,
      params: { id: organizationId },
      body: { verified: true },
    });
    expect(verified.body.verified).toBe(true);

    const removed = await client.call('removeMember', {
      token,
      params: { id: organizationId, userId: member.body.id },
    });
    expect(removed.status).toBe(204);

    // Failures, too, are answered as the spec says.
    const missing = await client.call('getOrganization', { params: { id: randomUUID() } });
    expect(missing.status).toBe(404);
    const malformed = await client.call('getOrganization', { params: { id: 'not-a-uuid' } });
    expect(malformed.status).toBe(400);
    const tooMany = await client.call('listOrganizations', { query: { limit: 1000 } });
    expect(tooMany.status).toBe(400);
    const closed = await client.call('getMe');
    expect(closed.status).toBe(401);
  });

  it('a client built from the spec alone lists a venue and its room', async () => {
    // The catalogue is being built alongside; its paths are the contract (DESIGN.md), its
    // operationIds are whatever its controllers chose, so the operations are found by route.
    const catalogue = {
      createVenue: client.idOf('post', '/api/venues'),
      createRoom: client.idOf('post', '/api/rooms'),
      setOpeningHours: client.idOf('put', '/api/rooms/{id}/opening-hours'),
      searchRooms: client.idOf('get', '/api/rooms'),
      getRoom: client.idOf('get', '/api/rooms/{id}'),
    };
    if (Object.values(catalogue).every((id) => id === undefined)) return;
    expect(Object.values(catalogue)).not.toContain(undefined);
    const op = (name: keyof typeof catalogue) => catalogue[name]!;

    const email = `spec-owner-${randomUUID().slice(0, 8)}@example.org`;
    await client.call('register', {
      body: { email, password: 'a-good-password', name: 'Hannah', locale: 'de' },
    });
    const login = await client.call('login', { body: { email, password: 'a-good-password' } });
    const token: string = login.body.accessToken;
    const organization = await client.call('createOrganization', {
      token,
      body: {
        name: 'Bürgerhaus e.V.',
        kind: 'public_facility',
        languages: ['de'],
        fields: ['community'],
      },
    });

    const venue = await client.call(op('createVenue'), {
      token,
      body: {
        organizationId: organization.body.id,
        name: 'Bürgerhaus Bergheim',
        address: { street: 'Bergheimer Straße 147', postalCode: '69115', city: 'Heidelberg' },
        district: 'Bergheim',
        accessibilityNotes: 'Eingang über den Hof, Aufzug bis zum 2. Stock.',
      },
    });
    expect(venue.status).toBe(201);
    const room = await client.call(op('createRoom'), {
      token,
      body: {
        venueId: venue.body.id,
        name: 'Großer Saal',
        description: 'Heller Saal mit Küche und Beamer',
        capacity: 80,
        areaSqm: 120.5,
        features: ['kitchen', 'projector'],
        accessibility: { stepFree: true, accessibleToilet: true, hearingLoop: false },
        price: { kind: 'free' },
        timeZone: 'Europe/Berlin',
        policy: { approval: 'manual', minDurationMinutes: 60, maxDurationMinutes: 480 },
      },
    });
    expect(room.status).toBe(201);
    const hours = await client.call(op('setOpeningHours'), {
      token,
      params: { id: room.body.id },
      body: [
        { weekday: 1, opens: '09:00', closes: '13:00' },
        { weekday: 1, opens: '15:00', closes: '21:00' },
        { weekday: 6, opens: '10:00', closes: '18:00' },
      ],
    });
    expect(hours.status).toBe(200);
    // The public finds the room once the agency has verified its organisation.
    const admin = await loginAdmin(app);
    const verified = await client.call('verifyOrganization', {
      token: admin.token,
      params: { id: organization.body.id },
      body: { verified: true },
    });
    expect(verified.status).toBe(200);
    const found = await client.call(op('searchRooms'), {
      // Two features, serialised as the spec's parameter style says (form, exploded).
      query: {
        capacityMin: 50,
        district: 'Bergheim',
        stepFree: true,
        features: ['kitchen', 'projector'],
      },
    });
    expect(found.body.items.map((item: { id: string }) => item.id)).toContain(room.body.id);
    const read = await client.call(op('getRoom'), { params: { id: room.body.id } });
    expect(read.body).toMatchObject({ id: room.body.id, capacity: 80 });
  });

  it('every operation answers a probe with a status and body the spec documents', async () => {
    // Random ids, no query and an empty body, even where the spec requires more: whatever the
    // service answers — 400, 401, 404, or a list — a client generated from the spec must have
    // been told about it.
    const admin = await loginAdmin(app);
    const failures: string[] = [];
    for (const { method, path, operation } of specOperations(spec)) {
      const id = operation.operationId!;
      const url = path.replace(/\{\w+\}/g, () => randomUUID());
      for (const token of [undefined, admin.token]) {
        const headers: Record<string, string> = {};
        if (token) headers.authorization = `Bearer ${token}`;
        if (operation.requestBody) headers['content-type'] = 'application/json';
        const response = await fetch(app.url + url, {
          method: method.toUpperCase(),
          headers,
          body: operation.requestBody ? '{}' : undefined,
        });
        const text = await response.text();
        const json = /json/.test(response.headers.get('content-type') ?? '') && text;
        try {
          client.checkResponse(id, {
            status: response.status,
            headers: response.headers,
            body: json ? JSON.parse(text) : text,
            text,
          });
        } catch (error) {
          failures.push(`${token ? 'admin' : 'anonymous'}: ${(error as Error).message}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

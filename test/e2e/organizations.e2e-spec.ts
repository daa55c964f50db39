import { randomUUID } from 'node:crypto';
import {
  addMember,
  Cast,
  createCast,
  createOrganization,
  organizationInput,
  registerUser,
  TestUser,
} from '../support/factories';
import { expectUnchanged, startTestApp, TestApp } from '../support/test-app';

type Caller = 'anonymous' | 'outsider' | 'member' | 'owner' | 'admin';

describe('organizations', () => {
  let app: TestApp;
  let cast: Cast;
  const token = (caller: Caller) => (caller === 'anonymous' ? undefined : cast[caller].token);

  beforeAll(async () => {
    app = await startTestApp();
    cast = await createCast(app);
  });
  afterAll(() => app.close());

  it('makes the creator its owner and shows contact details only to insiders', async () => {
    const owner = await registerUser(app);
    const created = await app.post(
      '/api/organizations',
      organizationInput({ name: 'Afrikanischer Elternverein', contactPhone: '+49 6221 123456' }),
      { token: owner.token },
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Afrikanischer Elternverein',
      kind: 'migrant_self_organization',
      languages: ['de', 'tr'],
      verified: false,
      myRole: 'owner',
      contactEmail: 'kontakt@example.org',
      contactPhone: '+49 6221 123456',
    });
    const id = created.body.id as string;

    const anonymous = await app.get(`/api/organizations/${id}`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).not.toHaveProperty('contactEmail');
    expect(anonymous.body).not.toHaveProperty('members');
    expect(anonymous.body.myRole).toBeNull();

    const outsider = await app.get(`/api/organizations/${id}`, { token: cast.outsider.token });
    expect(outsider.body).not.toHaveProperty('contactEmail');

    const admin = await app.get(`/api/organizations/${id}`, { token: cast.admin.token });
    expect(admin.body.contactEmail).toBe('kontakt@example.org');
    expect(admin.body.members).toEqual([
      expect.objectContaining({ userId: owner.id, role: 'owner', email: owner.email }),
    ]);

    const listed = await app.get(`/api/organizations?q=Elternverein`);
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0]).not.toHaveProperty('contactEmail');
  });

  it('filters by kind, language, field, district, verification and membership', async () => {
    const founder = await registerUser(app);
    const tag = randomUUID().slice(0, 6);
    const mosque = await createOrganization(app, founder, {
      name: `Moscheegemeinde ${tag}`,
      kind: 'religious_community',
      languages: ['ar', 'de'],
      fields: ['religion', `youth-${tag}`],
      district: 'Emmertsgrund',
    });
    await createOrganization(app, founder, {
      name: `Ukrainische Initiative ${tag}`,
      kind: 'initiative',
      languages: ['uk'],
      fields: [`youth-${tag}`],
      district: 'Weststadt',
    });
    const names = async (query: string, caller?: TestUser) => {
      const reply = await app.get(`/api/organizations?${query}`, { token: caller?.token });
      expect(reply.status).toBe(200);
      return (reply.body.items as { name: string }[]).map((item) => item.name);
    };
    expect(await names(`field=youth-${tag}`)).toHaveLength(2);
    expect(await names(`field=youth-${tag}&kind=religious_community`)).toEqual([mosque.name]);
    expect(await names(`field=youth-${tag}&language=ar`)).toEqual([mosque.name]);
    expect(await names(`field=youth-${tag}&district=emmertsgrund`)).toEqual([mosque.name]);
    expect(await names(`mine=true`, founder)).toHaveLength(2);
    expect(await names(`field=youth-${tag}&verified=true`)).toEqual([]);

    await app.post(`/api/organizations/${mosque.id}/verify`, {}, { token: cast.admin.token });
    expect(await names(`field=youth-${tag}&verified=true`)).toEqual([mosque.name]);
    expect(await names(`field=youth-${tag}&verified=false`)).toHaveLength(1);
  });

  it('pages through the list with a total', async () => {
    const founder = await registerUser(app);
    const field = `paging-${randomUUID().slice(0, 6)}`;
    for (let i = 0; i < 5; i++) {
      await createOrganization(app, founder, { name: `Verein ${i} ${field}`, fields: [field] });
    }
    const first = await app.get(`/api/organizations?field=${field}&limit=2`);
    const last = await app.get(`/api/organizations?field=${field}&limit=2&offset=4`);
    expect(first.body).toMatchObject({ total: 5, limit: 2, offset: 0 });
    expect(first.body.items).toHaveLength(2);
    expect(last.body.items).toHaveLength(1);
    expect(last.body.items[0].name).toBe(`Verein 4 ${field}`);
  });

  describe('who may do what', () => {
    const matrix: [string, Record<Caller, number>][] = [
      ['update', { anonymous: 401, outsider: 403, member: 403, owner: 200, admin: 200 }],
      ['add member', { anonymous: 401, outsider: 403, member: 403, owner: 201, admin: 201 }],
      ['remove member', { anonymous: 401, outsider: 403, member: 403, owner: 204, admin: 204 }],
      ['verify', { anonymous: 401, outsider: 403, member: 403, owner: 403, admin: 200 }],
    ];
    const callers: Caller[] = ['anonymous', 'outsider', 'member', 'owner', 'admin'];

    it.each(
      matrix.flatMap(([action, expected]) => callers.map((c) => [action, c, expected[c]] as const)),
    )('%s by %s → %i', async (action, caller, status) => {
      const id = cast.organizationId;
      const newcomer = await registerUser(app);
      if (action === 'remove member') await addMember(app, id, cast.owner, newcomer);
      const act = () => {
        switch (action) {
          case 'update':
            return app.patch(
              `/api/organizations/${id}`,
              { description: `by ${caller}` },
              { token: token(caller) },
            );
          case 'add member':
            return app.post(
              `/api/organizations/${id}/members`,
              { email: newcomer.email },
              { token: token(caller) },
            );
          case 'remove member':
            return app.delete(`/api/organizations/${id}/members/${newcomer.id}`, {
              token: token(caller),
            });
          default:
            return app.post(
              `/api/organizations/${id}/verify`,
              { verified: true },
              { token: token(caller) },
            );
        }
      };
      const reply = status >= 400 ? await expectUnchanged(app.db, act) : await act();
      expect(reply.status).toBe(status);
      if (status >= 400) {
        expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }
    });

    it('lets anyone create an organisation once logged in, nobody anonymously', async () => {
      const refused = await expectUnchanged(app.db, () =>
        app.post('/api/organizations', organizationInput()),
      );
      expect(refused.status).toBe(401);
      const created = await app.post('/api/organizations', organizationInput(), {
        token: cast.outsider.token,
      });
      expect(created.status).toBe(201);
    });
  });

  describe('members', () => {
    it('adds a member by e-mail, refuses duplicates and unknown addresses', async () => {
      const owner = await registerUser(app);
      const friend = await registerUser(app, { name: 'Friend' });
      const organization = await createOrganization(app, owner);
      const path = `/api/organizations/${organization.id}/members`;

      const added = await app.post(
        path,
        { email: friend.email.toUpperCase() },
        { token: owner.token },
      );
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({ userId: friend.id, role: 'member', name: 'Friend' });

      const again = await expectUnchanged(app.db, () =>
        app.post(path, { email: friend.email, role: 'owner' }, { token: owner.token }),
      );
      expect(again.status).toBe(409);
      expect(again.body.type).toBe('/problems/already-member');

      const unknown = await expectUnchanged(app.db, () =>
        app.post(
          path,
          { email: 'nobody@example.org' },
          { token: owner.token, headers: { 'accept-language': 'en' } },
        ),
      );
      expect(unknown.status).toBe(404);
      expect(unknown.body.detail).toContain('nobody@example.org');

      const mine = await app.get('/api/organizations?mine=true', { token: friend.token });
      expect(mine.body.items.map((o: { id: string }) => o.id)).toEqual([organization.id]);
      expect(mine.body.items[0].myRole).toBe('member');
      expect(mine.body.items[0].contactEmail).toBe('kontakt@example.org');
    });

    it('lets a member leave but keeps the last owner', async () => {
      const owner = await registerUser(app);
      const member = await registerUser(app);
      const organization = await createOrganization(app, owner);
      await addMember(app, organization.id, owner, member);
      const base = `/api/organizations/${organization.id}/members`;

      const left = await app.delete(`${base}/${member.id}`, { token: member.token });
      expect(left.status).toBe(204);

      const lastOwner = await expectUnchanged(app.db, () =>
        app.delete(`${base}/${owner.id}`, { token: owner.token }),
      );
      expect(lastOwner.status).toBe(409);
      expect(lastOwner.body.type).toBe('/problems/last-owner');

      const notMember = await expectUnchanged(app.db, () =>
        app.delete(`${base}/${member.id}`, { token: owner.token }),
      );
      expect(notMember.status).toBe(404);
    });

    it('lets an admin withdraw a verification, and records each change in the audit trail', async () => {
      const owner = await registerUser(app);
      const organization = await createOrganization(app, owner);
      const path = `/api/organizations/${organization.id}/verify`;
      const verified = await app.post(path, undefined, { token: cast.admin.token });
      expect(verified.status).toBe(200);
      expect(verified.body.verified).toBe(true);
      expect(Date.parse(verified.body.verifiedAt)).toBeGreaterThan(Date.now() - 60_000);
      // Verifying again changes nothing, not even the date.
      const again = await app.post(path, undefined, { token: cast.admin.token });
      expect(again.body.verifiedAt).toBe(verified.body.verifiedAt);
      const withdrawn = await app.post(path, { verified: false }, { token: cast.admin.token });
      expect(withdrawn.body).toMatchObject({ verified: false, verifiedAt: null });
      const trail = await app.get(`/api/audit?entity=organization&entityId=${organization.id}`, {
        token: cast.admin.token,
      });
      expect(trail.status).toBe(200);
      expect(
        trail.body.items.map((entry: { action: string; actorId: string }) => [
          entry.action,
          entry.actorId,
        ]),
      ).toEqual([
        ['organization.unverified', cast.admin.id],
        ['organization.verified', cast.admin.id],
      ]);
    });
  });

  describe('bad input changes nothing', () => {
    const cases: [string, Record<string, unknown>, string[]][] = [
      ['an unknown field', { secret: 1 }, ['secret']],
      ['a wrong kind', { kind: 'company' }, ['kind']],
      ['a wrong type', { name: 42, languages: 'de' }, ['name', 'languages']],
      ['a language that is no ISO code', { languages: ['deutsch'] }, ['languages']],
      ['a website without protocol', { website: 'example.org' }, ['website']],
      ['a nested unknown field', { verifiedAt: '2026-01-01T00:00:00Z' }, ['verifiedAt']],
    ];

    it.each(cases)('refuses %s on create', async (_label, change, fields) => {
      const reply = await expectUnchanged(app.db, () =>
        app.post('/api/organizations', organizationInput(change), { token: cast.owner.token }),
      );
      expect(reply.status).toBe(400);
      expect(reply.body.type).toBe('/problems/validation-failed');
      expect(reply.body.errors.map((e: { field: string }) => e.field)).toEqual(
        expect.arrayContaining(fields),
      );
    });

    it.each(cases)('refuses %s on update', async (_label, change) => {
      const reply = await expectUnchanged(app.db, () =>
        app.patch(`/api/organizations/${cast.organizationId}`, change, { token: cast.owner.token }),
      );
      expect(reply.status).toBe(400);
    });

    it('answers 400 for a malformed id and 404 for an unknown one', async () => {
      const malformed = await app.get('/api/organizations/not-a-uuid');
      expect(malformed.status).toBe(400);
      expect(malformed.body.errors).toEqual([
        { field: 'id', message: 'Das ist keine gültige ID.' },
      ]);
      const unknown = await app.get(`/api/organizations/${randomUUID()}`);
      expect(unknown.status).toBe(404);
      expect(unknown.body.type).toBe('/problems/organization-not-found');
    });

    it('refuses bad list filters', async () => {
      const reply = await app.get('/api/organizations?limit=0&verified=maybe&colour=red');
      expect(reply.status).toBe(400);
      expect(reply.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'colour',
        'limit',
        'verified',
      ]);
    });
  });
});

import { randomUUID } from 'node:crypto';
import { TestApp, TEST_ENV } from './test-app';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  token: string;
}

const unique = () => randomUUID().slice(0, 8);

export async function registerUser(
  app: TestApp,
  overrides: Partial<{
    email: string;
    name: string;
    locale: string;
    password: string;
    /** false: leave the address unconfirmed, as after sign-up (default: confirmed). */
    confirmed: boolean;
  }> = {},
): Promise<TestUser> {
  const email = overrides.email ?? `user-${unique()}@example.org`;
  const password = overrides.password ?? 'a-good-password';
  const registered = await app.post('/api/auth/register', {
    email,
    password,
    name: overrides.name ?? 'Test User',
    locale: overrides.locale ?? 'de',
  });
  if (registered.status !== 201)
    throw new Error(`register: ${registered.status} ${registered.text}`);
  // Most tests are not about the confirmation mail: their accounts start confirmed, and
  // the mail is taken out of the outbox, so that tests counting mail count theirs only.
  if (overrides.confirmed !== false) {
    await app.db.query(`UPDATE users SET email_confirmed_at = now() WHERE id = $1`, [
      registered.body.id,
    ]);
    await app.db.query(
      `DELETE FROM outbox WHERE kind = 'account.emailConfirmation' AND recipient_email = $1`,
      [email.toLowerCase()],
    );
  }
  return { id: registered.body.id, email, password, token: await login(app, email, password) };
}

export async function login(app: TestApp, email: string, password: string): Promise<string> {
  const reply = await app.post('/api/auth/login', { email, password });
  if (reply.status !== 200) throw new Error(`login: ${reply.status} ${reply.text}`);
  return reply.body.accessToken as string;
}

export const loginAdmin = async (app: TestApp): Promise<TestUser> => {
  const token = await login(app, TEST_ENV.ADMIN_EMAIL, TEST_ENV.ADMIN_PASSWORD);
  const me = await app.get('/api/me', { token });
  return { id: me.body.id, email: TEST_ENV.ADMIN_EMAIL, password: TEST_ENV.ADMIN_PASSWORD, token };
};

export const organizationInput = (overrides: Record<string, unknown> = {}) => ({
  name: `Kulturverein ${unique()}`,
  kind: 'migrant_self_organization',
  languages: ['de', 'tr'],
  fields: ['culture'],
  district: 'Bergheim',
  contactEmail: 'kontakt@example.org',
  ...overrides,
});

export async function createOrganization(
  app: TestApp,
  owner: TestUser,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; name: string }> {
  const reply = await app.post('/api/organizations', organizationInput(overrides), {
    token: owner.token,
  });
  if (reply.status !== 201) throw new Error(`organization: ${reply.status} ${reply.text}`);
  // The admins' mail about a new organisation is not what tests that count mail count.
  await app.db.query(
    `DELETE FROM outbox WHERE kind = 'organization.awaiting_verification' AND dedupe_key LIKE $1`,
    [`verification:${reply.body.id as string}:%`],
  );
  return reply.body;
}

export async function addMember(
  app: TestApp,
  organizationId: string,
  owner: TestUser,
  member: TestUser,
  role: 'owner' | 'member' = 'member',
): Promise<void> {
  const reply = await app.post(
    `/api/organizations/${organizationId}/members`,
    { email: member.email, role },
    { token: owner.token },
  );
  if (reply.status !== 201) throw new Error(`member: ${reply.status} ${reply.text}`);
}

/**
 * The five kinds of caller the authorization matrix speaks of, around one organisation:
 * nobody, a member of another organisation, a member, an owner, and an admin.
 */
export interface Cast {
  organizationId: string;
  owner: TestUser;
  member: TestUser;
  outsider: TestUser;
  admin: TestUser;
}

export async function createCast(app: TestApp): Promise<Cast> {
  const [owner, member, outsider, admin] = await Promise.all([
    registerUser(app, { name: 'Owner' }),
    registerUser(app, { name: 'Member' }),
    registerUser(app, { name: 'Outsider' }),
    loginAdmin(app),
  ]);
  const organization = await createOrganization(app, owner);
  await addMember(app, organization.id, owner, member);
  await createOrganization(app, outsider, {
    name: `Andere Initiative ${unique()}`,
    kind: 'initiative',
  });
  return { organizationId: organization.id, owner, member, outsider, admin };
}

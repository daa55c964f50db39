import { randomUUID } from 'node:crypto';
import { TestApp } from './test-app';
import { Cast, loginAdmin, TestUser } from './factories';

const unique = () => randomUUID().slice(0, 8);

export const venueInput = (organizationId: string, overrides: Record<string, unknown> = {}) => ({
  organizationId,
  name: `Bürgerhaus ${unique()}`,
  address: { street: 'Bergheimer Straße 147', postalCode: '69115', city: 'Heidelberg' },
  district: 'Bergheim',
  accessibilityNotes: 'Eingang über den Hof, Aufzug vorhanden.',
  ...overrides,
});

/**
 * A venue of `organizationId`, created through the API by `user` (a member or an admin). The
 * organisation is marked verified, as the agency does before its rooms reach the public
 * catalogue (tests of an unverified owner withdraw it through the admin's route).
 */
export async function createVenue(
  app: TestApp,
  user: TestUser,
  organizationId: string,
  overrides: Record<string, unknown> = {},
): Promise<any> {
  const reply = await app.post('/api/venues', venueInput(organizationId, overrides), {
    token: user.token,
  });
  if (reply.status !== 201) throw new Error(`venue: ${reply.status} ${reply.text}`);
  await verifyOrganization(app, organizationId);
  return reply.body;
}

/** Each app's admin login, made once (a test that ends it gets a new one). */
const adminTokens = new WeakMap<TestApp, string>();

/** Verifies an organisation through the admin's route, as agency staff do (a no-op when done). */
export async function verifyOrganization(app: TestApp, organizationId: string): Promise<void> {
  for (const fresh of [false, true]) {
    let token = adminTokens.get(app);
    if (!token || fresh) adminTokens.set(app, (token = (await loginAdmin(app)).token));
    const reply = await app.post(`/api/organizations/${organizationId}/verify`, undefined, {
      token,
    });
    if (reply.status === 200) return;
    if (reply.status !== 401) throw new Error(`verify: ${reply.status} ${reply.text}`);
  }
  throw new Error('verify: the admin could not log in');
}

export const roomInput = (venueId: string, overrides: Record<string, unknown> = {}) => ({
  venueId,
  name: `Gruppenraum ${unique()}`,
  description: 'Heller Raum im Erdgeschoss.',
  capacity: 20,
  features: ['wifi', 'chairs'],
  accessibility: { stepFree: true, accessibleToilet: false, hearingLoop: false },
  ...overrides,
});

/** A room in `venueId`; policy, price and time zone take their defaults unless overridden. */
export async function createRoom(
  app: TestApp,
  user: TestUser,
  venueId: string,
  overrides: Record<string, unknown> = {},
): Promise<any> {
  const reply = await app.post('/api/rooms', roomInput(venueId, overrides), {
    token: user.token,
  });
  if (reply.status !== 201) throw new Error(`room: ${reply.status} ${reply.text}`);
  return reply.body;
}

export interface WeeklyInterval {
  weekday: number;
  opens: string;
  closes: string;
}

/** Monday to Friday, 09:00–13:00 and 14:00–18:00. */
export const WORKING_WEEK: WeeklyInterval[] = [1, 2, 3, 4, 5].flatMap((weekday) => [
  { weekday, opens: '09:00', closes: '13:00' },
  { weekday, opens: '14:00', closes: '18:00' },
]);

export async function setOpeningHours(
  app: TestApp,
  user: TestUser,
  roomId: string,
  intervals: WeeklyInterval[] = WORKING_WEEK,
): Promise<WeeklyInterval[]> {
  const reply = await app.put(`/api/rooms/${roomId}/opening-hours`, intervals, {
    token: user.token,
  });
  if (reply.status !== 200) throw new Error(`opening hours: ${reply.status} ${reply.text}`);
  return reply.body;
}

export async function addClosure(
  app: TestApp,
  user: TestUser,
  roomId: string,
  closure: { startsAt: string; endsAt: string; reason?: string },
): Promise<any> {
  const reply = await app.post(`/api/rooms/${roomId}/closures`, closure, { token: user.token });
  if (reply.status !== 201) throw new Error(`closure: ${reply.status} ${reply.text}`);
  return reply.body;
}

/** The callers of an authorization matrix, around the organisation of a `Cast`. */
export type Caller = 'anonymous' | 'outsider' | 'member' | 'owner' | 'admin';
export const CALLERS: Caller[] = ['anonymous', 'outsider', 'member', 'owner', 'admin'];

/** What the catalogue's changing routes answer to each caller when the change succeeds. */
export const expectedStatus = (caller: Caller, success: number): number =>
  caller === 'anonymous' ? 401 : caller === 'outsider' ? 403 : success;

export const tokenOf = (cast: Cast, caller: Caller): string | undefined =>
  caller === 'anonymous' ? undefined : cast[caller].token;

/** The fields named in a problem's `errors`, each once (a field may break several rules), sorted. */
export const errorFields = (reply: { body: { errors?: { field: string }[] } }): string[] =>
  [...new Set((reply.body.errors ?? []).map((error) => error.field))].sort();

import { TestUser } from './factories';
import { TestApp } from './test-app';

export const mentorProfile = (extra: Record<string, unknown> = {}) => ({
  languages: ['de', 'tr'],
  topics: ['funding'],
  bio: 'Kassenwartin im Sportverein',
  district: 'Bergheim',
  capacity: 3,
  availability: ['weekday_evenings'],
  ...extra,
});

export const requestInput = (organizationId: string, extra: Record<string, unknown> = {}) => ({
  organizationId,
  topic: 'funding',
  languages: ['tr'],
  description: 'Wir möchten Fördermittel für ein Sommerfest beantragen.',
  preferredTimes: ['weekday_evenings'],
  urgency: 'normal',
  district: 'Bergheim',
  ...extra,
});

/** Fails the test unless the reply has the status. */
export function expectStatus<T extends { status: number; text: string }>(
  reply: T,
  status: number,
  what: string,
): T {
  if (reply.status !== status) throw new Error(`${what}: ${reply.status} ${reply.text}`);
  return reply;
}

export async function createMentor(
  app: TestApp,
  user: TestUser,
  extra: Record<string, unknown> = {},
): Promise<any> {
  const reply = await app.post('/api/mentoring/mentors', mentorProfile(extra), {
    token: user.token,
  });
  return expectStatus(reply, 201, 'mentor').body;
}

/** A mentor whose required modules staff record by hand, then certify. */
export async function certifiedMentor(
  app: TestApp,
  admin: TestUser,
  user: TestUser,
  moduleIds: string[],
  extra: Record<string, unknown> = {},
): Promise<any> {
  const mentor = await createMentor(app, user, extra);
  for (const moduleId of moduleIds) {
    const record = await app.post(
      `/api/mentoring/mentors/${mentor.id}/training-records`,
      { moduleId, attendedOn: '2026-10-01' },
      { token: admin.token },
    );
    expectStatus(record, 201, 'training record');
  }
  const certified = await app.post(`/api/mentoring/mentors/${mentor.id}/certify`, undefined, {
    token: admin.token,
  });
  return expectStatus(certified, 200, 'certify').body;
}

export async function createRequest(
  app: TestApp,
  user: TestUser,
  organizationId: string,
  extra: Record<string, unknown> = {},
): Promise<any> {
  const reply = await app.post('/api/mentoring/requests', requestInput(organizationId, extra), {
    token: user.token,
  });
  return expectStatus(reply, 201, 'request').body;
}

export async function propose(
  app: TestApp,
  admin: TestUser,
  requestId: string,
  mentorId: string,
): Promise<any> {
  const reply = await app.post(
    `/api/mentoring/requests/${requestId}/assignments`,
    { mentorId },
    { token: admin.token },
  );
  return expectStatus(reply, 201, 'proposal').body;
}

/**
 * A running assignment with one logged meeting: `mentorUser` certified (on the modules
 * given), proposed for a new request of the organisation, accepted.
 */
export async function runningAssignment(
  app: TestApp,
  admin: TestUser,
  mentorUser: TestUser,
  requester: TestUser,
  organizationId: string,
  moduleIds: string[] = [],
): Promise<{ request: any; assignment: any }> {
  const mentor = await certifiedMentor(app, admin, mentorUser, moduleIds);
  const request = await createRequest(app, requester, organizationId);
  const assignment = await propose(app, admin, request.id, mentor.id);
  const path = `/api/mentoring/assignments/${assignment.id}`;
  const token = { token: mentorUser.token };
  expectStatus(await app.post(`${path}/accept`, undefined, token), 200, 'accept');
  const meeting = { startsAt: '2026-11-05T17:00:00Z', durationMinutes: 60, format: 'video' };
  expectStatus(
    await app.post(`${path}/meetings`, { ...meeting, note: 'Notiz' }, token),
    201,
    'meeting',
  );
  return { request, assignment };
}

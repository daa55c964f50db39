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

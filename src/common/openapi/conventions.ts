import type { OpenAPIObject, OperationObject, ResponseObject, SchemaObject } from '@nestjs/swagger';

/**
 * Behaviour that every route shares because it is implemented once for all of them — the
 * global validation pipe, the global auth guard, Fastify's body limit and the problem filter —
 * is documented once here too, instead of on each controller, so that no route can forget it.
 */

export const PROBLEM_SCHEMA = 'ProblemDto';
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Groups of operations, in the order a reader meets them. */
const TAGS: { name: string; description: string }[] = [
  { name: 'health', description: 'Liveness and readiness for the load balancer and monitoring.' },
  {
    name: 'auth',
    description:
      'Accounts and login. Login returns a bearer token: send it as ' +
      '`Authorization: Bearer <accessToken>`. Sign-up mails a link that confirms the ' +
      'address; a forgotten password is reset through a mailed link. Rate-limited per address.',
  },
  {
    name: 'me',
    description:
      'The logged-in user: name and language of messages, password, export and deletion of ' +
      'their data.',
  },
  {
    name: 'users',
    description: 'Accounts for agency staff: find, block and unblock.',
  },
  {
    name: 'organizations',
    description:
      'Civic and migrant organisations: profile, members (owner or member) and ' +
      'verification by the agency. Contact details are shown to members and admins only.',
  },
  {
    name: 'venues',
    description: 'Places that lend rooms: address, district, accessibility, owning organisation.',
  },
  {
    name: 'rooms',
    description:
      'The room catalogue: capacity, features, accessibility, price, booking policy, weekly ' +
      'opening hours in local time and closures. Anyone may read it.',
  },
  { name: 'availability', description: 'Open, busy and free times of a room.' },
  {
    name: 'bookings',
    description: 'Requests for a room: pending, approved, declined, cancelled, expired.',
  },
  { name: 'booking-series', description: 'Recurring bookings made from one request.' },
  {
    name: 'calendar',
    description: 'iCalendar feeds for calendar programs, public or by secret link.',
  },
  { name: 'forum', description: 'Forum sessions, trainings and public events, with registration.' },
  {
    name: 'topics',
    description: 'The agency’s topic list, shared by the forum, mentoring and the needs survey.',
  },
  { name: 'mentoring', description: 'Citizen mentors, requests from organisations, sessions.' },
  {
    name: 'survey',
    description: 'The needs survey: rounds opened by staff, answered by verified organisations.',
  },
  { name: 'reporting', description: 'Figures on rooms, requests, forum and mentoring.' },
  {
    name: 'outbox',
    description: 'E-mail waiting to be sent or given up on, for agency staff: list and retry.',
  },
  { name: 'audit', description: 'Who did what to which record, when (agency staff).' },
  { name: 'metrics', description: 'Operational metrics.' },
];

const DESCRIPTION = [
  'Rooms of community venues — community centres, parishes, schools, associations, the city —',
  'lent, mostly free of charge, to civic and above all migrant organisations.',
  '',
  '- **Login**: `POST /api/auth/login` gives a bearer token. Routes are closed unless their',
  '  security lists the empty requirement `{}`: those are open to anyone, and a token, if',
  '  sent, must still be valid.',
  '- **Errors** are RFC 9457 `application/problem+json` with `type`, `title`, `status`,',
  '  `detail`; invalid input (400) lists `errors: [{field, message}]`, conflicts (409) list',
  '  `conflicts`. Unknown fields are refused. Texts follow `Accept-Language` (de, en).',
  '- **Lists** take `limit` and `offset` and return `{items, total, limit, offset}`.',
  '- **Times** are ISO 8601 with offset; responses give UTC (`Z`) and the room’s `timeZone`.',
  '- **Ids** are UUIDs.',
].join('\n');

const PROBLEMS: Record<number, string> = {
  400: 'Invalid input (field errors in `errors`)',
  401: 'Login missing or invalid',
  413: 'Body too large',
  415: 'Body not sent as JSON (Content-Type: application/json)',
};

/** The problem+json response every error of the service is sent as. */
const problemResponse = (description: string): ResponseObject => ({
  description,
  content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: `#/components/schemas/${PROBLEM_SCHEMA}` } } },
});

/** Public routes opt out of the bearer requirement with an empty alternative (`@Public()`). */
export const isPublicOperation = (operation: OperationObject): boolean =>
  (operation.security ?? []).some((requirement) => Object.keys(requirement).length === 0);

function addMissing(operation: OperationObject, status: number, description: string): void {
  operation.responses[status] ??= problemResponse(description);
}

function applyToOperation(operation: OperationObject): void {
  const takesInput =
    Boolean(operation.requestBody) ||
    (operation.parameters ?? []).some(
      (parameter) => !('$ref' in parameter) && ['path', 'query'].includes(parameter.in),
    );
  // The global ValidationPipe checks bodies, queries and UUID path parameters; Fastify rejects
  // malformed JSON before that. Both answer 400. Headers are not validated.
  if (takesInput) addMissing(operation, 400, PROBLEMS[400]);
  // The global guard: closed routes need a token; open ones refuse a token that is invalid.
  addMissing(
    operation,
    401,
    isPublicOperation(operation)
      ? 'A token was sent but is invalid or expired (this route also works without one)'
      : PROBLEMS[401],
  );
  // Fastify refuses a body over the limit, and one of a type it cannot parse, before Nest.
  if (operation.requestBody) {
    addMissing(operation, 413, PROBLEMS[413]);
    addMissing(operation, 415, PROBLEMS[415]);
  }

  // Every error leaves through the problem filter, also those documented without a body.
  for (const [status, response] of Object.entries(operation.responses)) {
    if (response && Number(status) >= 400 && !('$ref' in response) && !response.content) {
      operation.responses[status] = problemResponse(response.description);
    }
  }
}

function completeProblemSchema(document: OpenAPIObject): void {
  const problem = document.components?.schemas?.[PROBLEM_SCHEMA] as SchemaObject | undefined;
  if (!problem) return;
  problem.description =
    'RFC 9457 problem details. `type` identifies the problem (a stable URI reference), ' +
    '`title` and `detail` are in the language asked for; more members may follow.';
  // RFC 9457 allows extension members; clients must not break on them.
  problem.additionalProperties = true;
}

function declareTags(document: OpenAPIObject): void {
  const used = new Set<string>();
  for (const path of Object.values(document.paths)) {
    for (const method of METHODS) for (const tag of path[method]?.tags ?? []) used.add(tag);
  }
  const known = TAGS.filter((tag) => used.has(tag.name));
  const unknown = [...used]
    .filter((name) => !TAGS.some((tag) => tag.name === name))
    .sort()
    .map((name) => ({ name }));
  document.tags = [...known, ...unknown];
}

/** Completes a document built from the controllers with what holds for all routes. */
export function applyConventions(document: OpenAPIObject): OpenAPIObject {
  document.info.description = DESCRIPTION;
  document.info.license = {
    name: 'AGPL-3.0-or-later',
    url: 'https://www.gnu.org/licenses/agpl-3.0.html',
  };
  // DocumentBuilder leaves an empty contact object behind; it says nothing.
  delete document.info.contact;

  const bearer = document.components?.securitySchemes?.bearer;
  if (bearer && !('$ref' in bearer)) {
    bearer.description = 'The `accessToken` from `POST /api/auth/login`.';
  }

  for (const path of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = path[method];
      if (operation) applyToOperation(operation);
    }
  }
  completeProblemSchema(document);
  declareTags(document);
  return document;
}

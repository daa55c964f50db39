import type { OpenAPIObject, OperationObject, RequestBodyObject } from '@nestjs/swagger';
import fc from 'fast-check';
import { parametersOf, specOperations, toJsonSchema } from './openapi-client';

/**
 * Bad input for every operation of an OpenAPI document, generated from its schemas with
 * fast-check: a request starts from a plausible valid one (real ids, sensible times) and gets
 * one to three faults — a wrong type, a boundary number, a string too long or not well-formed,
 * an absurd date, a missing or unknown field, a wrong shape, a broken transport (content type,
 * malformed or nested JSON, oversized URL or header, a bad token) — or, as a probe, odd values
 * the schema allows (injection strings, scripts and emoji, year 0 and 9999, boundaries) that
 * must reach the services and be answered without a 5xx.
 */

type Schema = Record<string, any>;

/** Who sends a request: nobody, a member of the organisation with the room, of the one that
 * books it, or an admin (bad tokens are transport faults). */
export type Caller = 'anonymous' | 'owner' | 'requester' | 'admin';

/** Real records the faults are built around, so that bad input reaches the services. */
export interface FuzzFixtures {
  /** Ids by the field or parameter that names them, or by the path segment before `{id}`. */
  ids: Record<string, string>;
  /** The organisation each caller acts for. */
  organizationOf: Partial<Record<Caller, string>>;
  /** Times inside the room's rules: a start, an end, a later day. */
  times: { start: string; end: string; day: string };
}

/** One operation as the fuzz sees it. */
export interface FuzzOperation {
  method: string;
  /** e.g. `/api/rooms/{id}/closures` */
  path: string;
  isPublic: boolean;
  pathParams: { name: string; schema: Schema }[];
  queryParams: { name: string; schema: Schema; required: boolean }[];
  body?: Schema;
}

export function fuzzOperations(spec: OpenAPIObject): FuzzOperation[] {
  return specOperations(spec).map(({ method, path, operation }) => {
    const parameters = parametersOf(spec, operation);
    const of = (place: string) => parameters.filter((p) => p.in === place);
    const media = (operation.requestBody as RequestBodyObject | undefined)?.content?.[
      'application/json'
    ];
    return {
      method: method.toUpperCase(),
      path,
      isPublic: isPublic(spec, operation),
      pathParams: of('path').map((p) => ({ name: p.name, schema: toJsonSchema(spec, p.schema!) })),
      queryParams: of('query').map((p) => ({
        name: p.name,
        schema: toJsonSchema(spec, p.schema!),
        required: p.required === true,
      })),
      body: media?.schema ? toJsonSchema(spec, media.schema) : undefined,
    };
  });
}

const isPublic = (spec: OpenAPIObject, operation: OperationObject) =>
  (operation.security ?? spec.security ?? []).some((entry) => Object.keys(entry).length === 0);

const changes = (operation: FuzzOperation) => !['GET', 'HEAD'].includes(operation.method);

/** A UUID of nothing: the fixtures have no record for what a route names. */
const NOBODY = '7c1e0000-0000-4000-8000-00000000f022';

/**
 * The order to fuzz in: reading first, then creating, then changing and deleting what the
 * fixtures hold, so that a probe that deactivates the room comes after the bookings in it.
 */
export function fuzzOrder(operations: FuzzOperation[]): FuzzOperation[] {
  const rank = (operation: FuzzOperation) =>
    !changes(operation)
      ? 0
      : operation.method === 'DELETE'
        ? 3
        : operation.pathParams.length
          ? 2
          : 1;
  return operations
    .map((operation, index) => ({ operation, index }))
    .sort((a, b) => rank(a.operation) - rank(b.operation) || a.index - b.index)
    .map(({ operation }) => operation);
}

/** Whether an operation takes anything but headers: others get only transport faults. */
export const takesInput = (operation: FuzzOperation): boolean =>
  Boolean(operation.body) || operation.queryParams.length > 0 || operation.pathParams.length > 0;

/** A request ready to send, and what it is meant to test. */
export interface FuzzRequest {
  operation: FuzzOperation;
  caller: Caller;
  method: string;
  /** Path and query, encoded. */
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Every fault, for the report: `body.name = null`, `transport deep-json`. */
  faults: string[];
  /** Whether the input breaks the schema or the transport, so that it must be refused. */
  breaks: boolean;
}

// ---------------------------------------------------------------------------------------------
// Values

const NOT_WELL_FORMED = ['a\u0000b', '\u0000', 'x\uD800y', '\uDC00', 'end\uD83D'];

const ODD_TEXT = [
  "' OR '1'='1' --",
  '"; DROP TABLE rooms; --',
  '<script>alert(1)</script>',
  '${7*7}{{7*7}}',
  '%s%s%n',
  '../../../etc/passwd',
  '\\',
  '%_*?',
  '"',
  '-',
  '!&|:*',
  'OR AND NOT',
  '🌍🏳️‍🌈 Café',
  'مرحبا بالعالم',
  'e\u0301\u200b\u202e',
  'İıß',
  '\uFFFF',
  '   ',
  ' trimmed ',
];

const BAD_INSTANTS = [
  '2027-02-30T10:00:00Z',
  '2027-13-01T10:00:00Z',
  '2027-03-01T25:00:00Z',
  '2027-03-01T10:00:00',
  '2027-03-01',
  '2027-03-01T10:00:00+24:00',
  '+275760-09-13T00:00:00Z',
  'tomorrow',
  '1e12',
  '',
];

const ODD_INSTANTS = [
  '0000-01-01T10:00:00Z',
  '0001-01-01T00:00:00+14:00',
  '9999-12-31T23:59:59-12:00',
  '1970-01-01T00:00:00Z',
  '2027-03-28T02:30:00+01:00',
  '2027-10-31T02:30:00+02:00',
  '2028-02-29T10:00:00.123456Z',
];

const BAD_UUIDS = [
  'not-a-uuid',
  '00000000000000000000000000000000',
  '00000000-0000-0000-0000-00000000000g',
  "1' OR '1'='1",
  '../rooms',
];

const typeName = (schema: Schema): string | undefined =>
  Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;

const nullable = (schema: Schema): boolean =>
  (Array.isArray(schema.type) && schema.type.includes('null')) ||
  (Array.isArray(schema.anyOf) && schema.anyOf.some((s: Schema) => s.type === 'null'));

/** anyOf [X, null] (a nullable reference) → X. */
const unwrap = (schema: Schema): Schema =>
  Array.isArray(schema.anyOf)
    ? (schema.anyOf.find((s: Schema) => s.type !== 'null') ?? {})
    : schema;

/** A value the schema refuses: wrong type, out of range, too long, not in the enum, bad format. */
function badValue(raw: Schema): fc.Arbitrary<unknown>[] {
  const schema = unwrap(raw);
  const options: fc.Arbitrary<unknown>[] = [];
  if (!nullable(raw)) options.push(fc.constant(null));
  const type = typeName(schema);
  const wrongTypes: unknown[] = {
    string: [12345, true, [], {}, ['a']],
    integer: ['12', 1.5, true, [], {}, -0.0001],
    number: ['1', true, [], {}],
    boolean: ['true', 1, 0, 'yes', []],
    array: ['a', {}, 1, true],
    object: [[], 'x', 1, true, [{}]],
  }[type ?? 'object'] ?? [[], {}];
  options.push(fc.constantFrom(...wrongTypes));
  if (type === 'integer' || type === 'number') {
    const edges: unknown[] = [1e308, -1e308, 2 ** 53 + 2, -(2 ** 53) - 2];
    if (schema.minimum !== undefined) edges.push(schema.minimum - 1);
    if (schema.maximum !== undefined) edges.push(schema.maximum + 1);
    options.push(fc.constantFrom(...edges));
  }
  if (type === 'string') {
    options.push(fc.constantFrom(...NOT_WELL_FORMED));
    if (schema.maxLength !== undefined) {
      options.push(fc.constant('x'.repeat(schema.maxLength + 1)));
    }
    if (schema.minLength > 0) options.push(fc.constant('x'.repeat(schema.minLength - 1)));
    if (schema.enum) {
      options.push(fc.constantFrom('not-a-value', String(schema.enum[0]).toUpperCase()));
    }
    if (schema.format === 'uuid') options.push(fc.constantFrom(...BAD_UUIDS));
    if (schema.format === 'date-time') options.push(fc.constantFrom(...BAD_INSTANTS));
    if (schema.format === 'email') options.push(fc.constantFrom('not-an-email', 'a@', '@b.org'));
    if (schema.pattern) options.push(fc.constantFrom('x', '99:99', '24:01'));
  }
  if (type === 'array') {
    const item = unwrap(schema.items ?? {});
    options.push(fc.oneof(...badValue(item)).map((bad) => [bad]));
    if (schema.maxItems !== undefined) {
      options.push(fc.constant(Array.from({ length: schema.maxItems + 1 }, () => 'x')));
    }
  }
  return options;
}

/**
 * A value in a URL the schema refuses. Everything there is text, so it is about what the text
 * says: `abc` for a number, `maybe` for a boolean, two values for one, a NUL. Half a surrogate
 * pair cannot travel in a URL (the service receives U+FFFD), so it is not among them.
 */
function badUrlValue(raw: Schema): fc.Arbitrary<unknown>[] {
  const schema = unwrap(raw);
  const type = typeName(schema);
  const options: unknown[] = ['a\u0000b', '\u0000'];
  if (type !== 'array') options.push(['a', 'b']);
  if (type === 'integer' || type === 'number') {
    options.push('abc', '1.5x', '1e3', '0x10', '', '99999999999999999999', 'NaN');
    if (type === 'integer') options.push('1.5');
    if (schema.minimum !== undefined) options.push(String(schema.minimum - 1));
    if (schema.maximum !== undefined) options.push(String(schema.maximum + 1));
  }
  if (type === 'boolean') options.push('maybe', 'TRUE', '2', '');
  if (type === 'string') {
    if (schema.enum) options.push('not-a-value', String(schema.enum[0]).toUpperCase());
    if (schema.format === 'uuid') options.push(...BAD_UUIDS);
    if (schema.format === 'date-time') options.push(...BAD_INSTANTS);
    if (schema.maxLength !== undefined) options.push('x'.repeat(schema.maxLength + 1));
  }
  if (type === 'array' && unwrap(schema.items ?? {}).enum) options.push(['not-a-value']);
  return [fc.constantFrom(...options)];
}

/** A value the schema allows but the services may not expect. */
function oddValue(raw: Schema, fixtures: FuzzFixtures): fc.Arbitrary<unknown>[] {
  const schema = unwrap(raw);
  const type = typeName(schema);
  if (schema.enum) return [fc.constantFrom(...(schema.enum as unknown[]))];
  if (type === 'string') {
    if (schema.format === 'uuid') {
      return [
        fc.constantFrom(
          '00000000-0000-0000-0000-000000000000',
          NOBODY,
          ...Object.values(fixtures.ids).filter((id) => UUID.test(id)),
          ...Object.values(fixtures.ids)
            .filter((id) => UUID.test(id))
            .map((id) => id.toUpperCase()),
        ),
      ];
    }
    if (schema.format === 'date-time') {
      return [fc.constantFrom(...ODD_INSTANTS, fixtures.times.start.replace('+', ' '))];
    }
    const fits = (text: string) =>
      text.length >= (schema.minLength ?? 0) && text.length <= (schema.maxLength ?? Infinity);
    const texts = ODD_TEXT.filter(fits);
    if (schema.maxLength !== undefined && schema.maxLength <= 10_000) {
      texts.push('ä'.repeat(schema.maxLength));
    }
    return texts.length ? [fc.constantFrom(...texts)] : [fc.constant('x'.repeat(schema.minLength))];
  }
  if (type === 'integer' || type === 'number') {
    const edges = [schema.minimum ?? 0, schema.maximum ?? 2 ** 31 - 1];
    if (type === 'number') edges.push((schema.minimum ?? 0) + 0.1);
    return [fc.constantFrom(...edges)];
  }
  if (type === 'boolean') return [fc.boolean()];
  if (type === 'array') {
    const item = unwrap(schema.items ?? {});
    return [fc.oneof(...oddValue(item, fixtures)).map((odd) => [odd])];
  }
  return [fc.constant({})];
}

// ---------------------------------------------------------------------------------------------
// A plausible valid request

/**
 * The fixture a parameter or field names: `roomId` → `ids.roomId`, `{id}` after `/rooms/` →
 * `ids.rooms`; an organisation is the caller's own. Anything unknown (a route added later)
 * gets the UUID of nothing: its input is still validated, and the service answers 404.
 */
function idFor(name: string, segment: string | undefined, fixtures: FuzzFixtures, caller: Caller) {
  if (name === 'organizationId' || name === 'subjectId') {
    return fixtures.organizationOf[caller] ?? fixtures.ids.organizations ?? NOBODY;
  }
  const key = name === 'id' && segment ? segment : name;
  return fixtures.ids[key] ?? NOBODY;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function validValue(raw: Schema, name: string, fixtures: FuzzFixtures, caller: Caller): unknown {
  const schema = unwrap(raw);
  if (schema.example !== undefined && schema.format !== 'date-time' && schema.format !== 'uuid') {
    return schema.example;
  }
  if (schema.default !== undefined) return schema.default;
  if (schema.enum) return schema.enum[0];
  switch (typeName(schema)) {
    case 'string':
      if (schema.format === 'uuid') return idFor(name, undefined, fixtures, caller);
      if (schema.format === 'date-time') {
        return /^(endsAt|to|freeTo)$/.test(name) ? fixtures.times.end : fixtures.times.start;
      }
      if (schema.format === 'email') return 'fuzz@example.org';
      if (schema.format === 'password') return 'a-good-password';
      if (name === 'until') return fixtures.times.day;
      return 'Fuzz'.padEnd(schema.minLength ?? 1, 'z').slice(0, schema.maxLength ?? 100);
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 1, 1);
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
    default: {
      const result: Record<string, unknown> = {};
      for (const key of (schema.required as string[] | undefined) ?? []) {
        result[key] = validValue(schema.properties?.[key] ?? {}, key, fixtures, caller);
      }
      return result;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Faults

/** A place in a request: a body field (by path), a query or a path parameter. */
interface Location {
  where: 'body' | 'query' | 'path';
  /** `address.street`, `[0].opens`; '' is the whole body. */
  path: string;
  schema: Schema;
  required: boolean;
}

function bodyLocations(schema: Schema, prefix = '', required = true, depth = 0): Location[] {
  const here: Location = { where: 'body', path: prefix, schema, required };
  const inner = unwrap(schema);
  if (depth > 3) return [here];
  if (typeName(inner) === 'object' && inner.properties) {
    const requiredKeys = (inner.required as string[] | undefined) ?? [];
    return [
      here,
      ...Object.entries(inner.properties as Record<string, Schema>).flatMap(([key, child]) =>
        bodyLocations(
          child,
          prefix ? `${prefix}.${key}` : key,
          requiredKeys.includes(key),
          depth + 1,
        ),
      ),
    ];
  }
  if (typeName(inner) === 'array' && typeName(unwrap(inner.items ?? {})) === 'object') {
    return [here, ...bodyLocations(inner.items, `${prefix}[0]`, true, depth + 1)];
  }
  return [here];
}

function locations(operation: FuzzOperation): Location[] {
  return [
    ...(operation.body ? bodyLocations(operation.body) : []),
    ...operation.queryParams.map((p) => ({
      where: 'query' as const,
      path: p.name,
      schema: p.schema,
      required: p.required,
    })),
    ...operation.pathParams.map((p) => ({
      where: 'path' as const,
      path: p.name,
      schema: p.schema,
      required: true,
    })),
  ];
}

type Fault =
  | { kind: 'set'; at: Location; value: unknown; breaks: boolean }
  | { kind: 'drop'; at: Location }
  | { kind: 'unknown-field'; name: string }
  | { kind: 'raw-path'; at: Location; raw: string; breaks: boolean }
  | { kind: 'transport'; name: string; breaks: boolean };

const DEEP_BODY = '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000);

/** Transport faults a service may ignore: the request is still a valid one. */
const HARMLESS = ['accept-xml', 'odd-headers'];

/** Faults that are not about one value: how the request travels. */
function transportFaults(operation: FuzzOperation): fc.Arbitrary<Fault> {
  const names = [
    'long-query',
    'long-header',
    'junk-token',
    'basic-auth',
    'unsigned-token',
    'accept-xml',
    'odd-headers',
  ];
  if (operation.body || ['POST', 'PUT', 'PATCH'].includes(operation.method)) {
    names.push(
      'text-plain',
      'form',
      'multipart',
      'no-content-type',
      'malformed-json',
      'empty-json',
      'deep-json',
      'wide-json',
      'proto-json',
      'huge-body',
    );
  }
  return fc
    .constantFrom(...names)
    .map((name): Fault => ({ kind: 'transport', name, breaks: !HARMLESS.includes(name) }));
}

function faultsFor(operation: FuzzOperation, fixtures: FuzzFixtures, probe: boolean) {
  const places = locations(operation);
  const odd = places.filter((at) => at.path !== '');
  if (probe) {
    return fc
      .constantFrom(...odd)
      .chain((at) =>
        fc
          .oneof(...oddValue(at.schema, fixtures))
          .map((value): Fault => ({ kind: 'set', at, value, breaks: false })),
      );
  }
  // Weighted towards faults in values: a transport fault hides the others (every operation
  // gets each transport fault once anyway, in fixedRequests).
  const options: fc.WeightedArbitrary<Fault>[] = [
    { arbitrary: transportFaults(operation), weight: 1 },
  ];
  if (places.length) {
    options.push({
      weight: 8,
      arbitrary: fc
        .constantFrom(...places)
        .chain((at) =>
          fc
            .oneof(...(at.where === 'body' ? badValue(at.schema) : badUrlValue(at.schema)))
            .map((value): Fault => ({ kind: 'set', at, value, breaks: true })),
        ),
    });
  }
  const droppable = places.filter((at) => at.required && at.where !== 'path' && at.path !== '');
  if (droppable.length) {
    options.push({
      weight: 2,
      arbitrary: fc.constantFrom(...droppable).map((at): Fault => ({ kind: 'drop', at })),
    });
  }
  if (operation.body || operation.queryParams.length) {
    options.push({
      weight: 2,
      arbitrary: fc
        .constantFrom('fuzz', 'constructor', 'isAdmin', 'id', '')
        .map((name): Fault => ({ kind: 'unknown-field', name })),
    });
  }
  const params = places.filter((at) => at.where === 'path');
  if (params.length) {
    options.push({
      weight: 2,
      arbitrary: fc
        .constantFrom(...params)
        .chain((at) =>
          fc
            .constantFrom(
              { raw: '%FF', breaks: true },
              { raw: '%00', breaks: true },
              { raw: 'a'.repeat(150), breaks: true },
              { raw: '%2e%2e', breaks: true },
              { raw: NOBODY, breaks: false },
            )
            .map(({ raw, breaks }): Fault => ({ kind: 'raw-path', at, raw, breaks })),
        ),
    });
  }
  return fc.oneof(...options);
}

// ---------------------------------------------------------------------------------------------
// Building the request

/** `target` with `value` at `path` (undefined: without it); a body that is no object stays. */
function setAt(target: unknown, path: string, value: unknown): unknown {
  if (path === '') return value;
  if (target === null || typeof target !== 'object') return target;
  const keys = path.match(/[^.[\]]+/g) ?? [];
  let node: any = target;
  keys.slice(0, -1).forEach((key, index) => {
    if (node[key] === null || typeof node[key] !== 'object') {
      node[key] = /^\d+$/.test(keys[index + 1]) ? [] : {};
    }
    node = node[key];
  });
  const last = keys[keys.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
  return target;
}

const LONE_SURROGATE = /([\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF])/;

/**
 * encodeURIComponent, except that half a surrogate pair (which it refuses) is sent as the
 * three bytes it would have in WTF-8, e.g. %ED%A0%80: what a careless client would send.
 */
const encode = (text: string): string =>
  text
    .split(LONE_SURROGATE)
    .map((part) => {
      if (!LONE_SURROGATE.test(part)) return encodeURIComponent(part);
      const code = part.charCodeAt(0);
      return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    })
    .join('');

const encodeQuery = (name: string, value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).map(
    (item) => `${encode(name)}=${encode(typeof item === 'string' ? item : JSON.stringify(item))}`,
  );

function build(
  operation: FuzzOperation,
  caller: Caller,
  faults: Fault[],
  fixtures: FuzzFixtures,
): FuzzRequest {
  const segments = operation.path.split('/');
  const params: Record<string, string> = {};
  for (const { name } of operation.pathParams) {
    const before = segments[segments.findIndex((s) => s.includes(`{${name}}`)) - 1];
    params[name] = encode(idFor(name, before, fixtures, caller));
  }
  const query: Record<string, unknown> = {};
  for (const p of operation.queryParams.filter((q) => q.required)) {
    query[p.name] = validValue(p.schema, p.name, fixtures, caller);
  }
  let body: unknown = operation.body ? validValue(operation.body, '', fixtures, caller) : undefined;
  if (typeName(unwrap(operation.body ?? {})) === 'array') {
    body = [validValue(unwrap(operation.body!).items ?? {}, '', fixtures, caller)];
  }
  const headers: Record<string, string> = {};
  let raw: string | undefined;
  let contentType = 'application/json';
  let extraQuery = '';
  const notes: string[] = [];

  for (const fault of faults) {
    switch (fault.kind) {
      case 'set': {
        const { at, value } = fault;
        notes.push(`${at.where}.${at.path || '(all)'} = ${shown(value)}`);
        if (at.where === 'body') body = setAt(body ?? {}, at.path, value);
        else if (at.where === 'query') query[at.path] = value;
        else params[at.path] = encode(String(value));
        break;
      }
      case 'drop':
        notes.push(`${fault.at.where}.${fault.at.path} left out`);
        if (fault.at.where === 'body') body = setAt(body, fault.at.path, undefined);
        else delete query[fault.at.path];
        break;
      case 'unknown-field':
        notes.push(`unknown field ${JSON.stringify(fault.name)}`);
        if (operation.body && body !== null && typeof body === 'object' && !Array.isArray(body)) {
          (body as Record<string, unknown>)[fault.name] = 1;
        } else if (operation.body && Array.isArray(body) && isPlainObject(body[0])) {
          body[0][fault.name] = 1;
        } else {
          extraQuery += `&${encode(fault.name)}=1`;
        }
        break;
      case 'raw-path':
        notes.push(`path.${fault.at.path} = ${shown(fault.raw)}`);
        params[fault.at.path] = fault.raw;
        break;
      case 'transport':
        notes.push(`transport ${fault.name}`);
        ({ raw, contentType } = transport(fault.name, headers, raw, contentType));
        if (fault.name === 'long-query') extraQuery += `&q=${'q'.repeat(20_000)}`;
        break;
    }
  }

  const path = operation.path.replace(/\{(\w+)\}/g, (_m, name: string) => params[name]);
  const search = Object.entries(query)
    .flatMap(([name, value]) => encodeQuery(name, value))
    .join('&');
  const queryString = (search + extraQuery).replace(/^&/, '');
  let payload: string | undefined = raw;
  if (payload === undefined && body !== undefined) payload = JSON.stringify(body);
  if (payload !== undefined && contentType) headers['content-type'] ??= contentType;
  return {
    operation,
    caller,
    method: operation.method,
    url: path + (queryString ? `?${queryString}` : ''),
    headers,
    body: ['GET', 'HEAD', 'DELETE'].includes(operation.method) ? undefined : payload,
    faults: notes,
    breaks: faults.some((fault) => !('breaks' in fault) || fault.breaks),
  };
}

function transport(
  name: string,
  headers: Record<string, string>,
  raw: string | undefined,
  contentType: string,
): { raw: string | undefined; contentType: string } {
  switch (name) {
    case 'long-header':
      headers['x-fuzz'] = 'h'.repeat(20_000);
      return { raw, contentType };
    case 'junk-token':
      headers.authorization = 'Bearer not.a.token';
      return { raw, contentType };
    case 'basic-auth':
      headers.authorization = 'Basic YWRtaW46YWRtaW4=';
      return { raw, contentType };
    case 'unsigned-token':
      // {"alg":"none"} with the admin's claims: a token nobody signed.
      headers.authorization = 'Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJhZG1pbiJ9.';
      return { raw, contentType };
    case 'odd-headers':
      headers['accept-language'] = ';;q=x, *-*-*;q=2, de-DE-x-a-b-c';
      headers['if-none-match'] = '"\\x", W/, *, "';
      headers['if-modified-since'] = 'yesterday at noon';
      headers['x-request-id'] = '../../etc/passwd';
      return { raw, contentType };
    case 'accept-xml':
      headers.accept = 'application/xml';
      return { raw, contentType };
    case 'text-plain':
      return { raw: raw ?? 'hello', contentType: 'text/plain' };
    case 'form':
      return { raw: 'name=Verein&kind=other', contentType: 'application/x-www-form-urlencoded' };
    case 'multipart':
      return {
        raw: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n',
        contentType: 'multipart/form-data; boundary=x',
      };
    case 'no-content-type':
      return { raw: raw ?? '{}', contentType: '' };
    case 'malformed-json':
      return { raw: '{"name": "Verein", ', contentType };
    case 'empty-json':
      return { raw: '', contentType };
    case 'deep-json':
      return { raw: DEEP_BODY, contentType };
    case 'wide-json':
      return { raw: `[${'0,'.repeat(5000)}0]`, contentType };
    case 'proto-json':
      return { raw: '{"__proto__": {"isAdmin": true}}', contentType };
    case 'huge-body':
      return { raw: JSON.stringify({ name: 'x'.repeat(300_000) }), contentType };
    default:
      return { raw, contentType };
  }
}

const shown = (value: unknown): string => {
  const text =
    typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? 'undefined');
  return text.length > 40 ? `${text.slice(0, 37)}…(${text.length})` : text;
};

/** Callers for an operation: anonymous only where that gets past the guard. */
const callersOf = (operation: FuzzOperation): Caller[] =>
  operation.isPublic
    ? ['anonymous', 'owner', 'requester', 'admin']
    : ['owner', 'requester', 'admin', 'admin'];

/**
 * Requests for one operation: mostly faults the service must refuse, some probes with odd
 * valid values (none for an operation whose only inputs are path parameters: a probe there
 * would be a plain valid request, e.g. a deletion).
 */
export function fuzzRequests(
  operation: FuzzOperation,
  fixtures: FuzzFixtures,
  seed: number,
  count: number,
): FuzzRequest[] {
  const canProbe = locations(operation).some((at) => at.where !== 'path' && at.path !== '');
  const request = fc
    .tuple(
      fc.constantFrom(...callersOf(operation)),
      // A third are probes; most requests have one fault, so that it is the one answered.
      canProbe ? fc.integer({ min: 0, max: 2 }) : fc.constant(1),
      fc.constantFrom(1, 1, 1, 2, 2, 3),
    )
    .chain(([caller, mode, size]) => {
      const probe = mode === 0;
      return fc
        .array(faultsFor(operation, fixtures, probe), { minLength: size, maxLength: size })
        .map((faults) => build(operation, caller, faults, fixtures));
    });
  return fc.sample(request, { seed, numRuns: count });
}

/** Transport faults every operation gets once, whatever the seed draws. */
export function fixedRequests(operation: FuzzOperation, fixtures: FuzzFixtures): FuzzRequest[] {
  const caller = callersOf(operation)[1];
  const names = ['long-query', 'long-header', 'junk-token'];
  if (['POST', 'PUT', 'PATCH'].includes(operation.method)) {
    names.push('text-plain', 'malformed-json', 'deep-json', 'huge-body');
  }
  const fixed: Fault[][] = names.map((name) => [{ kind: 'transport', name, breaks: true }]);
  for (const at of locations(operation).filter((l) => l.where === 'path')) {
    fixed.push([{ kind: 'raw-path', at, raw: 'a'.repeat(300), breaks: true }]);
    fixed.push([{ kind: 'raw-path', at, raw: '%FF', breaks: true }]);
  }
  return fixed.map((faults) => build(operation, caller, faults, fixtures));
}

/** An object one may add a field to (a set fault may have put a number where an item was). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

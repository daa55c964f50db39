import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type {
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  ReferenceObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { execFile } from 'node:child_process';

/**
 * Test support for the API contract: what the router holds, what the spec says, and a client
 * that knows nothing of the service but its OpenAPI document.
 */

// ---------------------------------------------------------------------------------------------
// The router

export interface RegisteredRoute {
  method: string;
  /** As Fastify holds it: `/api/organizations/:id`. */
  url: string;
}

const ROUTES = Symbol.for('rfe.test.registeredRoutes');
type Recording = { [ROUTES]?: RegisteredRoute[] };

/**
 * A stand-in for `@nestjs/platform-fastify` whose adapter records every route Fastify registers,
 * through Fastify's own `onRoute` hook added before any route exists. Fastify offers no list of
 * its routes, and `printRoutes()` is a drawing that leaves wildcard routes out; Nest's metadata
 * would miss routes registered on Fastify directly. Use it from a test file as
 *
 *   jest.mock('@nestjs/platform-fastify', () =>
 *     jest.requireActual('../support/openapi-client').recordingFastifyPlatform());
 */
export function recordingFastifyPlatform(): object {
  const actual = jest.requireActual<typeof import('@nestjs/platform-fastify')>(
    '@nestjs/platform-fastify',
  );
  class RecordingFastifyAdapter extends actual.FastifyAdapter {
    constructor(options?: ConstructorParameters<typeof actual.FastifyAdapter>[0]) {
      super(options as never);
      const fastify = this.getInstance();
      const routes: RegisteredRoute[] = [];
      (fastify as unknown as Recording)[ROUTES] = routes;
      fastify.addHook('onRoute', (route) => {
        for (const method of [route.method].flat()) routes.push({ method, url: route.url });
      });
    }
  }
  return { ...actual, FastifyAdapter: RecordingFastifyAdapter };
}

/** Every route registered so far, HEAD and OPTIONS left out (Fastify adds HEAD to each GET). */
export function registeredRoutes(app: NestFastifyApplication): RegisteredRoute[] {
  const routes = (app.getHttpAdapter().getInstance() as unknown as Recording)[ROUTES];
  if (!routes) {
    throw new Error(
      'Routes were not recorded: mock @nestjs/platform-fastify with recordingFastifyPlatform()',
    );
  }
  return routes.filter((route) => route.method !== 'HEAD' && route.method !== 'OPTIONS');
}

/** `/api/rooms/:id/closures` → `/api/rooms/{id}/closures`; a parameter's regex is dropped. */
export const toOpenApiPath = (url: string): string =>
  url.replace(/:(\w+)(\([^)]*\))?/g, (_match, name: string) => `{${name}}`);

// ---------------------------------------------------------------------------------------------
// The spec

/**
 * Validates a document with @apidevtools/swagger-parser (the OpenAPI 3 JSON schema plus the
 * rules a schema cannot express, e.g. declared path parameters). It runs in a plain Node process:
 * the parser's dependencies are ES modules, which Jest's CommonJS runtime cannot `require`, but
 * Node ≥ 20.19 can. Resolves to the validator's complaint, or null for a valid document.
 */
export function openApiProblem(document: unknown): Promise<string | null> {
  const program = `
    let input = '';
    process.stdin.on('data', (chunk) => (input += chunk));
    process.stdin.on('end', () =>
      require('@apidevtools/swagger-parser')
        .validate(JSON.parse(input))
        .then(() => process.stdout.write('null'))
        .catch((error) => process.stdout.write(JSON.stringify(String(error.message)))),
    );`;
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['-e', program], (error, stdout, stderr) => {
      if (error) reject(new Error(`validator failed: ${stderr || error.message}`));
      else resolve(JSON.parse(stdout) as string | null);
    });
    child.stdin!.end(JSON.stringify(document));
  });
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];

export interface SpecOperation {
  method: string;
  path: string;
  operation: OperationObject;
}

export function specOperations(spec: OpenAPIObject): SpecOperation[] {
  return Object.entries(spec.paths).flatMap(([path, item]) =>
    HTTP_METHODS.flatMap((method) => {
      const operation = (item as Record<string, OperationObject | undefined>)[method];
      return operation ? [{ method, path, operation }] : [];
    }),
  );
}

const isReference = (value: object): value is ReferenceObject => '$ref' in value;

function resolve<T extends object>(spec: OpenAPIObject, value: T | ReferenceObject): T {
  let current: object = value;
  for (let depth = 0; isReference(current); depth++) {
    if (depth > 20) throw new Error(`$ref loop at ${current.$ref}`);
    const pointer = current.$ref.replace(/^#\//, '').split('/');
    current = pointer.reduce<any>((node, key) => node?.[key.replace(/~1/g, '/')], spec);
    if (!current) throw new Error(`unresolved $ref ${(value as ReferenceObject).$ref}`);
  }
  return current as T;
}

export const parametersOf = (spec: OpenAPIObject, operation: OperationObject): ParameterObject[] =>
  (operation.parameters ?? []).map((parameter) => resolve<ParameterObject>(spec, parameter));

/** Public operations list the empty requirement `{}` among their alternatives. */
export const isPublicOperation = (spec: OpenAPIObject, operation: OperationObject): boolean =>
  (operation.security ?? spec.security ?? []).some((entry) => Object.keys(entry).length === 0);

// Keywords of OpenAPI 3.0's schema dialect that JSON Schema does not know.
const OPENAPI_ONLY = [
  'nullable',
  'example',
  'examples',
  'xml',
  'externalDocs',
  'discriminator',
  'deprecated',
];

/**
 * An OpenAPI 3.0 schema as a self-contained JSON Schema (draft-07) for ajv: `$ref`s into
 * components are inlined, `allOf` of objects is merged into one object, `nullable` becomes a
 * `null` type, and objects are closed (`additionalProperties: false`) unless the spec says
 * otherwise — so a field the service sends or accepts without documenting it is a mismatch.
 */
export function toJsonSchema(
  spec: OpenAPIObject,
  schema: SchemaObject | ReferenceObject,
  seen: string[] = [],
): Record<string, unknown> {
  if (isReference(schema)) {
    if (seen.includes(schema.$ref)) throw new Error(`recursive schema ${schema.$ref}`);
    return toJsonSchema(spec, resolve<SchemaObject>(spec, schema), [...seen, schema.$ref]);
  }
  const convert = (child: SchemaObject | ReferenceObject) => toJsonSchema(spec, child, seen);
  const result: Record<string, any> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (OPENAPI_ONLY.includes(key)) continue;
    if (key === 'properties') {
      result.properties = Object.fromEntries(
        Object.entries(value as Record<string, SchemaObject>).map(([name, child]) => [
          name,
          convert(child),
        ]),
      );
    } else if (key === 'items' || key === 'not') {
      result[key] = convert(value);
    } else if (key === 'additionalProperties' && typeof value === 'object') {
      result[key] = convert(value);
    } else if (key === 'allOf' || key === 'anyOf' || key === 'oneOf') {
      result[key] = (value as SchemaObject[]).map(convert);
    } else {
      result[key] = value;
    }
  }
  mergeAllOf(result);
  if (result.properties && result.additionalProperties === undefined && !result.allOf) {
    result.additionalProperties = false;
  }
  if (schema.nullable) return allowNull(result);
  return result;
}

/** `allOf: [A, {properties}]` of plain objects → one object with both, so it can be closed. */
function mergeAllOf(schema: Record<string, any>): void {
  const parts: Record<string, any>[] | undefined = schema.allOf;
  if (!parts?.every((part) => part.properties && !part.anyOf && !part.oneOf)) return;
  delete schema.allOf;
  schema.type ??= 'object';
  for (const part of parts) {
    schema.properties = { ...schema.properties, ...part.properties };
    schema.required = [...new Set([...(schema.required ?? []), ...(part.required ?? [])])];
    if (part.additionalProperties !== false) {
      schema.additionalProperties = part.additionalProperties ?? schema.additionalProperties;
    }
  }
  if (schema.additionalProperties === undefined) schema.additionalProperties = false;
}

function allowNull(schema: Record<string, any>): Record<string, any> {
  if (typeof schema.type === 'string' && !schema.allOf && !schema.anyOf && !schema.oneOf) {
    const result: Record<string, any> = { ...schema, type: [schema.type, 'null'] };
    if (Array.isArray(schema.enum)) result.enum = [...schema.enum, null];
    return result;
  }
  return { anyOf: [schema, { type: 'null' }] };
}

function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
  addFormats(ajv);
  // A hint to UIs to hide the value; it constrains nothing.
  ajv.addFormat('password', true);
  return ajv;
}

// ---------------------------------------------------------------------------------------------
// The client

export interface CallInput {
  params?: Record<string, string>;
  query?: Record<string, string | number | boolean | (string | number)[]>;
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
}

export interface CallResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

const mediaType = (contentType: string | null): string =>
  (contentType ?? '').split(';')[0].trim().toLowerCase();

/**
 * Calls the service by operationId, building method, path, query and body from the spec alone
 * — as a generated client would — and refuses what such a client could not send. Every answer
 * must be a documented status whose body fits the documented schema.
 */
export class SpecClient {
  private readonly operations = new Map<string, SpecOperation>();
  private readonly ajv = createAjv();
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(
    readonly spec: OpenAPIObject,
    private readonly baseUrl: string,
  ) {
    for (const entry of specOperations(spec)) {
      const id = entry.operation.operationId;
      if (id) this.operations.set(id, entry);
    }
  }

  /** The operationId of a route, e.g. `idOf('put', '/api/rooms/{id}/opening-hours')`. */
  idOf(method: string, path: string): string | undefined {
    for (const [id, entry] of this.operations) {
      if (entry.method === method.toLowerCase() && entry.path === path) return id;
    }
    return undefined;
  }

  has(operationId: string): boolean {
    return this.operations.has(operationId);
  }

  operation(operationId: string): SpecOperation {
    const entry = this.operations.get(operationId);
    if (!entry) throw new Error(`The spec has no operation ${operationId}`);
    return entry;
  }

  /** The request as the spec describes it: method and URL. */
  buildUrl(operationId: string, input: CallInput = {}): string {
    const { path, operation } = this.operation(operationId);
    const parameters = parametersOf(this.spec, operation);
    const declared = (place: string) => parameters.filter((p) => p.in === place);

    for (const name of Object.keys(input.params ?? {})) {
      if (!declared('path').some((p) => p.name === name)) {
        throw new Error(`${operationId}: the spec declares no path parameter ${name}`);
      }
    }
    const url = path.replace(/\{(\w+)\}/g, (_match, name: string) => {
      const value = input.params?.[name];
      if (value === undefined) throw new Error(`${operationId}: path parameter ${name} missing`);
      return encodeURIComponent(value);
    });

    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(input.query ?? {})) {
      const parameter = declared('query').find((p) => p.name === name);
      if (!parameter)
        throw new Error(`${operationId}: the spec declares no query parameter ${name}`);
      if (Array.isArray(value)) {
        // OpenAPI's default for query arrays is form style, exploded: a=1&a=2.
        if (parameter.explode === false) query.append(name, value.join(','));
        else for (const item of value) query.append(name, String(item));
      } else {
        query.append(name, String(value));
      }
    }
    for (const parameter of declared('query')) {
      if (parameter.required && !query.has(parameter.name)) {
        throw new Error(`${operationId}: required query parameter ${parameter.name} missing`);
      }
    }
    const search = query.toString();
    return url + (search ? `?${search}` : '');
  }

  async call<T = any>(operationId: string, input: CallInput = {}): Promise<CallResult<T>> {
    const { method, operation } = this.operation(operationId);
    // Accept what the spec says may come back, as a generated client does.
    const accepted = new Set(
      Object.values(operation.responses).flatMap((response) =>
        response ? Object.keys(resolve<ResponseObject>(this.spec, response).content ?? {}) : [],
      ),
    );
    const headers: Record<string, string> = { ...input.headers };
    if (accepted.size > 0) headers.accept = [...accepted].join(', ');
    if (input.token) headers.authorization = `Bearer ${input.token}`;

    let payload: string | undefined;
    const requestBody = operation.requestBody
      ? resolve(this.spec, operation.requestBody)
      : undefined;
    if (input.body !== undefined) {
      const media = requestBody?.content['application/json'];
      if (!media) throw new Error(`${operationId}: the spec takes no JSON body`);
      if (media.schema) this.check(`${operationId} request`, media.schema, input.body);
      payload = JSON.stringify(input.body);
      headers['content-type'] = 'application/json';
    } else if (requestBody?.required) {
      throw new Error(`${operationId}: the spec requires a body`);
    }

    const url = this.buildUrl(operationId, input);
    const response = await fetch(this.baseUrl + url, {
      method: method.toUpperCase(),
      headers,
      body: payload,
    });
    const text = await response.text();
    const type = mediaType(response.headers.get('content-type'));
    const body = type.endsWith('json') && text ? JSON.parse(text) : text;
    const result: CallResult<T> = {
      status: response.status,
      headers: response.headers,
      body,
      text,
    };
    this.checkResponse(operationId, result);
    return result;
  }

  /** The answer must be documented: its status, its media type and the shape of its body. */
  checkResponse(operationId: string, result: CallResult): void {
    const { method, path, operation } = this.operation(operationId);
    const where = `${operationId} (${method.toUpperCase()} ${path}) answered ${result.status}`;
    const family = `${String(result.status)[0]}XX`;
    const documented =
      operation.responses[result.status] ??
      operation.responses[family] ??
      operation.responses.default;
    if (!documented) {
      throw new Error(`${where}, which the spec does not document: ${result.text.slice(0, 500)}`);
    }
    const response = resolve<ResponseObject>(this.spec, documented);
    const content = response.content ?? {};
    if (Object.keys(content).length === 0) {
      if (result.text !== '') throw new Error(`${where} with a body the spec does not document`);
      return;
    }
    const type = mediaType(result.headers.get('content-type'));
    const media = content[type];
    if (!media) {
      throw new Error(`${where} as ${type}; the spec documents ${Object.keys(content).join(', ')}`);
    }
    if (media.schema) this.check(where, media.schema, result.body);
  }

  /** Validates `value` against a schema of the spec; throws with ajv's findings. */
  check(where: string, schema: SchemaObject | ReferenceObject, value: unknown): void {
    const key = JSON.stringify(schema);
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(this.spec, schema));
      this.validators.set(key, validate);
    }
    if (!validate(value)) {
      const findings = (validate.errors ?? [])
        .map(
          (error) =>
            `${error.instancePath || '/'} ${error.message} ${JSON.stringify(error.params)}`,
        )
        .join('; ');
      throw new Error(
        `${where}: body does not match the spec: ${findings}\n${JSON.stringify(value)}`,
      );
    }
  }
}

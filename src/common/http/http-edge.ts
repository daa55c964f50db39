import type { FastifyInstance, FastifyRequest, FastifyServerOptions } from 'fastify';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { CommonErrors } from '../errors/domain-error';
import { ProblemRenderer } from '../errors/problem';
import { fieldError } from '../validation/validation';
import { exceedsBodyLimits, refusedInputAt } from './request-limits';

/**
 * What goes wrong before a route's code runs — a URL the router cannot read, a request line
 * or headers too long for Node's parser, a body that is not JSON or too deeply nested, text
 * that is not well-formed — is answered by the one problem renderer, as problem+json like
 * every other refusal. Fastify's own answers would be plain JSON in its own words.
 */
export class HttpEdge {
  constructor(private readonly renderer: ProblemRenderer) {}

  /** For Fastify's constructor: errors raised before there is a route to hand them to. */
  serverOptions(): Pick<FastifyServerOptions, 'frameworkErrors' | 'clientErrorHandler'> {
    return {
      // A URL that cannot be decoded (`/api/rooms/%FF`), a path parameter over 100 characters.
      frameworkErrors: (error, request, reply) => this.renderer.send(error, request, reply),
      // Node's HTTP parser gave up (431 request line or headers too long, 408, garbage): there
      // is no request to answer, only a socket to write the problem to and close.
      clientErrorHandler: (error, socket) => this.answerSocket(error, socket),
    };
  }

  /** Before the routes are registered: the body parsers and the rule for all text input. */
  register(fastify: FastifyInstance): void {
    const parseJson = fastify.getDefaultJsonParser('error', 'error');
    // JSON is the only body this API reads; Fastify's text/plain parser would hand a string
    // to the validation instead of answering 415.
    fastify.removeContentTypeParser(['application/json', 'text/plain']);
    fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) =>
      parseJson(request, body as string, (error, value) => {
        if (error) return done(error, undefined);
        if (exceedsBodyLimits(value)) return done(CommonErrors.BODY_TOO_COMPLEX(), undefined);
        done(null, value);
      }),
    );
    // One rule for every string and key a client sends, in the path, the query or the body.
    fastify.addHook('preValidation', (request: FastifyRequest, _reply, done) => {
      for (const input of [request.params, request.query, request.body]) {
        const refused = refusedInputAt(input);
        if (refused) return done(fieldError(refused.field, refused.messageKey));
      }
      done();
    });
  }

  private answerSocket(error: Error & { code?: string }, socket: Socket): void {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const status =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? 431
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? 408
          : 400;
    if (socket.writable) {
      const nobody = { headers: {}, url: '', id: randomUUID() } as unknown as FastifyRequest;
      const problem = this.renderer.render({ statusCode: status }, nobody);
      const body = JSON.stringify(problem);
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
          'Content-Type: application/problem+json; charset=utf-8\r\n' +
          `Content-Length: ${Buffer.byteLength(body)}\r\n` +
          `X-Request-Id: ${String(nobody.id)}\r\n` +
          'Connection: close\r\n\r\n' +
          body,
      );
    }
    socket.destroy(error);
  }
}

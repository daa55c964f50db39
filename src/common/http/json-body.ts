import type { FastifyReply } from 'fastify';

/**
 * JSON serialised already (an answer kept in memory as the bytes sent): sent as it is, with
 * the content type Fastify gives a serialised object, so that the bytes on the wire are the
 * same either way. Errors are thrown before the type is set and become problem+json.
 */
export async function sendJson(reply: FastifyReply, body: Promise<Buffer>): Promise<Buffer> {
  const bytes = await body;
  reply.header('content-type', 'application/json; charset=utf-8');
  return bytes;
}

'use strict';

/**
 * The HTTP ceiling of this machine: a bare Fastify route that answers every GET with a fixed
 * JSON body of the size the service's availability answer has (argv[2] bytes). Started by
 * bench/run.js as its own process, driven by the same load generator with the same
 * connections as the service; the service's read scenarios are judged as a share of it.
 */
const fastify = require('fastify')({ logger: false });

const bytes = Number(process.argv[2] || 2000);
const body = JSON.stringify({ padding: 'x'.repeat(Math.max(0, bytes - 14)) });

fastify.get('/bare', (_request, reply) => {
  reply.header('content-type', 'application/json; charset=utf-8').send(body);
});

fastify.listen({ port: 0, host: '127.0.0.1' }).then((address) => {
  process.send?.({ type: 'listening', url: address });
});
process.on('disconnect', () => process.exit(0));

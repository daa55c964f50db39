import { PassThrough } from 'node:stream';
import { createLogger, NestPinoLogger } from './logger';

/** Logs a start-up and a request as the service does, and returns the written lines. */
async function logStartAndRequest(terminal: boolean): Promise<string[]> {
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const logger = createLogger('info', terminal, output);
  new NestPinoLogger(logger).log('Mapped {/api/rooms, GET} route', 'RouterExplorer');
  new NestPinoLogger(logger).log('Applied migrations: CreateUsers', 'Database');
  const request = { method: 'GET', url: '/api/calendar/feeds/s3cret-token.ics?x=1', id: 'r1' };
  logger.info({ reqId: 'r1', req: request }, 'incoming request');
  logger.info({ reqId: 'r1', res: { statusCode: 200 }, responseTime: 12.345 }, 'request completed');
  await new Promise((resolve) => setImmediate(resolve));
  return text.trim().split('\n');
}

describe('logs', () => {
  it('are short readable lines on a terminal', async () => {
    const lines = await logStartAndRequest(true);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^\[\d\d:\d\d:\d\d\] INFO: Database: Applied migrations: CreateUsers$/,
    );
    expect(lines[1]).toMatch(/INFO: incoming request GET \/api\/calendar\/feeds\/redacted$/);
    expect(lines[2]).toMatch(/INFO: request completed 200 12 ms$/);
  });

  it('are JSON lines elsewhere, with the request id and without the secret', async () => {
    const lines = await logStartAndRequest(false);
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries).toHaveLength(3);
    expect(entries[0]).toMatchObject({ level: 'info', context: 'Database' });
    expect(entries[1]).toMatchObject({
      reqId: 'r1',
      req: { method: 'GET', path: '/api/calendar/feeds/redacted' },
    });
    expect(lines.join('\n')).not.toContain('s3cret');
  });
});

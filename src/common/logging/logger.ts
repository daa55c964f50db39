import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';
import { LogLevel } from '../../config/app-config';

/**
 * The path with secret parts (feed tokens) replaced, as it may appear in logs and in a
 * problem's `instance` — hence a placeholder that keeps it a valid URI reference.
 */
export const redactPath = (url: string): string =>
  url.split('?')[0].replace(/\/feeds\/[^/]+/g, '/feeds/redacted');

/**
 * One logger for the HTTP layer and Nest: JSON lines, or readable lines on a terminal. Requests are logged as method, path and
 * request id only: headers and bodies carry tokens and passwords and are never logged.
 */
export function createLogger(
  level: LogLevel,
  terminal = Boolean(process.stdout.isTTY),
  /** Standard output unless given (tests). */
  destination?: NodeJS.WritableStream,
): Logger {
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: {
        req: (request: { method: string; url: string; id: string }) => ({
          method: request.method,
          path: redactPath(request.url),
        }),
        res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
      },
    },
    // A person reads a terminal: one short line per event. Anything else (journald, Docker,
    // a file) gets JSON lines for machines.
    terminal ? readableStream(destination) : (destination as pino.DestinationStream | undefined),
  );
}

/** Loaded only for a terminal: in production it would be memory spent on nothing. */
function readableStream(destination?: NodeJS.WritableStream): pino.DestinationStream {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pretty = require('pino-pretty') as typeof import('pino-pretty');
  return pretty.build({
    translateTime: 'SYS:HH:MM:ss',
    singleLine: true,
    destination,
    ...readable,
  });
}

const readable = {
  ignore: 'context,reqId,req,res,responseTime,port,database',
  messageFormat: (log: Record<string, unknown>, messageKey: string): string => {
    const { context, req, res } = log as {
      context?: string;
      req?: { method: string; path: string };
      res?: { statusCode: number };
    };
    const parts = [context ? `${context}:` : '', log[messageKey] as string];
    if (req) parts.push(req.method, req.path);
    if (res) parts.push(String(res.statusCode), `${Math.round(Number(log.responseTime))} ms`);
    return parts.filter(Boolean).join(' ');
  },
};

/** Nest's start-up chatter (each module, each route): useful when debugging, noise otherwise. */
const START_UP_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);

/** Lets Nest's own messages go through the same JSON logger. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string) {
    if (context && START_UP_CONTEXTS.has(context)) this.logger.debug({ context }, String(message));
    else this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
  fatal(message: unknown, context?: string) {
    this.logger.fatal({ context }, String(message));
  }
}

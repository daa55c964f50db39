import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  Min,
  MinLength,
  getMetadataStorage,
  validateSync,
  ValidationError,
} from 'class-validator';
import { resolve } from 'node:path';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Raised for a wrong or missing setting; `main.ts` prints its message as one line and exits. */
export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`Configuration error: ${setting} ${message}`);
  }
}

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }) =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

/**
 * The environment, as the service reads it. Every setting is validated at boot so that a
 * typo stops the service with a line naming the setting instead of failing later.
 */
class EnvironmentSchema {
  @IsOptional()
  @IsIn(['production', 'development', 'test'])
  NODE_ENV?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @IsString()
  HOST?: string;

  @IsOptional()
  @IsString()
  DATABASE_URL?: string;

  @IsOptional()
  @IsString()
  DATA_DIR?: string;

  @IsOptional()
  @IsString()
  @MinLength(32)
  JWT_SECRET?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(60)
  JWT_EXPIRES_IN_SECONDS?: number;

  @IsOptional()
  @IsEmail()
  ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  @MinLength(10)
  ADMIN_PASSWORD?: string;

  @IsOptional()
  @IsUrl({ protocols: ['smtp', 'smtps'], require_tld: false, require_protocol: true })
  SMTP_URL?: string;

  @IsOptional()
  @IsString()
  MAIL_FROM?: string;

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  PUBLIC_URL?: string;

  @IsOptional()
  @IsIn(LOG_LEVELS)
  LOG_LEVEL?: LogLevel;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  DATABASE_POOL_SIZE?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(600)
  DATABASE_CONNECT_TIMEOUT_SECONDS?: number;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  RATE_LIMIT_ENABLED?: boolean;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  AUTH_RATE_LIMIT_PER_MINUTE?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES?: number;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  TRUST_PROXY?: boolean;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  FEED_CHANGES_LISTEN?: boolean;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3600)
  JOB_INTERVAL_SECONDS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(500)
  BOOKING_BATCH_SIZE?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3600)
  MAIL_INTERVAL_SECONDS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  IN_KIND_HOURLY_RATE_CENTS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  MAIL_MAX_ATTEMPTS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  FORUM_ERASE_AFTER_DAYS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(86400)
  MAIL_RETRY_BASE_SECONDS?: number;

  @IsOptional()
  @IsString()
  @MinLength(16)
  METRICS_TOKEN?: string;
}

/** The name of every setting the service reads (for the check that all are documented). */
export const settingNames = (): string[] => [
  ...new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(EnvironmentSchema, '', true, false)
      .map((metadata) => metadata.propertyName),
  ),
];

export type DatabaseConfig =
  | { kind: 'server'; url: string; poolSize: number; connectTimeoutSeconds: number }
  | { kind: 'embedded'; dataDir: string; connectTimeoutSeconds: number };

/** The validated, typed configuration every module receives. */
export interface AppConfig {
  production: boolean;
  port: number;
  host: string;
  dataDir: string;
  database: DatabaseConfig;
  /** Absent means: generate one and keep it in the data folder (not in production). */
  jwtSecret?: string;
  jwtExpiresInSeconds: number;
  admin?: { email: string; password: string };
  smtpUrl?: string;
  mailFrom: string;
  publicUrl: string;
  logLevel: LogLevel;
  rateLimit: { enabled: boolean; authPerMinute: number };
  bodyLimitBytes: number;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For. */
  trustProxy: boolean;
  /** How often background jobs (expiring requests, reminders) run; 0 switches them off. */
  jobIntervalSeconds: number;
  /**
   * Booking requests decided together in one transaction at most (group commit, see
   * `BookingRequestsService`); 1 decides every request in a transaction of its own.
   */
  bookingBatchSize: number;
  /** How often the mail worker looks for due messages; 0 switches it off. */
  mailIntervalSeconds: number;
  /** Delivery attempts per message before it is marked failed. */
  mailMaxAttempts: number;
  /** Days after a forum session ends until its registrants' names and addresses are erased. */
  forumEraseAfterDays: number;
  /** Wait after the first failed attempt; it doubles with each further one. */
  mailRetryBaseSeconds: number;
  /** Bearer token for GET /metrics; absent: only clients on this machine may read it. */
  metricsToken?: string;
  /** What an hour of a room lent free is worth in the in-kind report, unless its venue says. */
  inKindHourlyRateCents: number;
  /** Keep a connection in LISTEN for feed changes (server database only). */
  feedChangesListen: boolean;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

function firstProblem(errors: ValidationError[]): ConfigError {
  const error = errors[0];
  // Say what kind of value is expected before saying it is out of range.
  const failed = Object.keys(error.constraints ?? {});
  const constraint = failed.find((name) => name.startsWith('is')) ?? failed[0] ?? 'invalid';
  const reasons: Record<string, string> = {
    isIn: 'has a value that is not allowed',
    isInt: 'must be a whole number',
    min: 'is too small',
    max: 'is too large',
    minLength: 'is too short',
    isUrl: 'is not a valid URL of the expected kind',
    isEmail: 'is not a valid e-mail address',
    isBoolean: 'must be true or false',
  };
  return new ConfigError(error.property, reasons[constraint] ?? 'is invalid');
}

function checkDatabaseUrl(value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(
      'DATABASE_URL',
      'is not a valid URL (expected postgres://user@host:5432/db)',
    );
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError('DATABASE_URL', 'must start with postgres:// or postgresql://');
  }
  if (!url.hostname && !url.searchParams.get('host')) {
    throw new ConfigError('DATABASE_URL', 'names no host');
  }
}

/** Reads and validates the environment; throws ConfigError naming the first wrong setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const defined = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const schema = plainToInstance(EnvironmentSchema, defined, { excludeExtraneousValues: false });
  const errors = validateSync(schema, { whitelist: true, forbidUnknownValues: false });
  if (errors.length > 0) throw firstProblem(errors);

  if (schema.DATABASE_URL) checkDatabaseUrl(schema.DATABASE_URL);
  const production = schema.NODE_ENV === 'production';
  if (production && !schema.JWT_SECRET) {
    throw new ConfigError('JWT_SECRET', 'is required when NODE_ENV=production');
  }
  if (Boolean(schema.ADMIN_EMAIL) !== Boolean(schema.ADMIN_PASSWORD)) {
    throw new ConfigError(
      schema.ADMIN_EMAIL ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL',
      'must be set together with the other',
    );
  }
  const port = schema.PORT ?? 3000;
  const dataDir = resolve(schema.DATA_DIR ?? './data');
  const connectTimeoutSeconds = schema.DATABASE_CONNECT_TIMEOUT_SECONDS ?? 30;
  const database: DatabaseConfig = schema.DATABASE_URL
    ? {
        kind: 'server',
        url: schema.DATABASE_URL,
        poolSize: schema.DATABASE_POOL_SIZE ?? 10,
        connectTimeoutSeconds,
      }
    : { kind: 'embedded', dataDir: resolve(dataDir, 'postgres'), connectTimeoutSeconds };

  return {
    production,
    port,
    host: schema.HOST ?? '0.0.0.0',
    dataDir,
    database,
    jwtSecret: schema.JWT_SECRET,
    jwtExpiresInSeconds: schema.JWT_EXPIRES_IN_SECONDS ?? 12 * 3600,
    admin: schema.ADMIN_EMAIL
      ? { email: schema.ADMIN_EMAIL.toLowerCase(), password: schema.ADMIN_PASSWORD! }
      : undefined,
    smtpUrl: schema.SMTP_URL,
    mailFrom: schema.MAIL_FROM ?? 'Raum für Engagement <noreply@localhost>',
    publicUrl: (schema.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    logLevel: schema.LOG_LEVEL ?? 'info',
    rateLimit: {
      enabled: schema.RATE_LIMIT_ENABLED ?? true,
      authPerMinute: schema.AUTH_RATE_LIMIT_PER_MINUTE ?? 10,
    },
    bodyLimitBytes: schema.BODY_LIMIT_BYTES ?? 256 * 1024,
    trustProxy: schema.TRUST_PROXY ?? false,
    jobIntervalSeconds: schema.JOB_INTERVAL_SECONDS ?? 60,
    bookingBatchSize: schema.BOOKING_BATCH_SIZE ?? 50,
    mailIntervalSeconds: schema.MAIL_INTERVAL_SECONDS ?? 10,
    mailMaxAttempts: schema.MAIL_MAX_ATTEMPTS ?? 10,
    forumEraseAfterDays: schema.FORUM_ERASE_AFTER_DAYS ?? 90,
    mailRetryBaseSeconds: schema.MAIL_RETRY_BASE_SECONDS ?? 60,
    metricsToken: schema.METRICS_TOKEN,
    inKindHourlyRateCents: schema.IN_KIND_HOURLY_RATE_CENTS ?? 1500,
    feedChangesListen: schema.FEED_CHANGES_LISTEN ?? true,
  };
}

import { ConfigError, loadConfig } from './app-config';

const fails = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('runs with nothing set: embedded database in ./data, port 3000', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.database).toMatchObject({ kind: 'embedded' });
    expect(config.dataDir).toMatch(/\/data$/);
    expect(config.production).toBe(false);
    expect(config.publicUrl).toBe('http://localhost:3000');
  });

  it('uses the PostgreSQL server of DATABASE_URL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' });
    expect(config.database).toEqual({
      kind: 'server',
      url: 'postgres://postgres@127.0.0.1:5432/test',
      poolSize: 10,
      connectTimeoutSeconds: 30,
    });
  });

  it.each([
    [{ NODE_ENV: 'production' }, 'JWT_SECRET is required when NODE_ENV=production'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL is not a valid URL'],
    [{ DATABASE_URL: 'mysql://localhost/db' }, 'DATABASE_URL must start with postgres://'],
    [{ PORT: 'eighty' }, 'PORT must be a whole number'],
    [{ PORT: '70000' }, 'PORT is too large'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET is too short'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL has a value that is not allowed'],
    [{ ADMIN_EMAIL: 'admin@example.org' }, 'ADMIN_PASSWORD must be set together with the other'],
    [
      { ADMIN_EMAIL: 'nobody', ADMIN_PASSWORD: 'long-enough-1' },
      'ADMIN_EMAIL is not a valid e-mail',
    ],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL is not a valid URL'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV has a value that is not allowed'],
  ])('stops with one line naming the setting for %j', (env, message) => {
    const text = fails(env);
    expect(text).toContain(message);
    expect(text).not.toContain('\n');
  });

  it('accepts a production configuration', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(40),
      DATABASE_URL: 'postgresql://app:secret@db.internal:5432/raum',
      SMTP_URL: 'smtp://mail.internal:25',
      PUBLIC_URL: 'https://raum.example.org/',
      TRUST_PROXY: 'true',
    });
    expect(config.production).toBe(true);
    expect(config.publicUrl).toBe('https://raum.example.org');
    expect(config.trustProxy).toBe(true);
  });
});

import fastifyView from '@fastify/view';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Eta } from 'eta';
import { join } from 'node:path';
import { CommonErrors } from '../../common/errors/domain-error';
import { Assets } from './assets';
import { isPageRequest } from './web-request';

/** Forms are small: a profile or a booking request, never a file. */
const FORM_LIMIT_BYTES = 32 * 1024;
const FORM_MAX_FIELDS = 100;

/**
 * The shell's part of the HTTP server, registered before Nest adds the routes: the Eta view
 * engine, the parser of HTML forms (for pages only: the API reads JSON), and /assets.
 */
export async function registerWebShell(app: NestFastifyApplication, assets: Assets): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  await app.register(fastifyView, {
    engine: { eta: new Eta({ autoEscape: true, autoTrim: [false, 'nl'] }) },
    templates: join(__dirname, '..', 'views'),
    // Compiled templates are kept; a changed template needs a restart (as does changed code).
    production: true,
  });
  fastify.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: FORM_LIMIT_BYTES },
    (request, body, done) => {
      if (!isPageRequest(request.url))
        return done(CommonErrors.UNSUPPORTED_MEDIA_TYPE(), undefined);
      const fields: Record<string, string | string[]> = Object.create(null) as Record<
        string,
        string | string[]
      >;
      let count = 0;
      for (const [name, value] of new URLSearchParams(body as string)) {
        if (++count > FORM_MAX_FIELDS) return done(CommonErrors.BODY_TOO_COMPLEX(), undefined);
        const before = fields[name];
        fields[name] = before === undefined ? value : ([] as string[]).concat(before, value);
      }
      done(null, { ...fields });
    },
  );
  assets.register(fastify);
}

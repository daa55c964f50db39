import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { AppConfig } from '../../config/app-config';
import { applyConventions } from './conventions';

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
const upperFirst = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Controllers name their operations with `@ApiOperation({operationId})`; for one that does not,
 * the controller's name keeps the id unique (`list` exists in many controllers), so that a
 * generated client never gets two methods of the same name.
 */
const operationId = (controllerKey: string, methodKey: string): string =>
  lowerFirst(controllerKey.replace(/Controller$/, '')) + upperFirst(methodKey);

export function buildOpenApiDocument(app: INestApplication, config: AppConfig): OpenAPIObject {
  const options = new DocumentBuilder()
    .setTitle('Raum für Engagement')
    .setVersion('1')
    .addServer(config.publicUrl)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addSecurityRequirements('bearer')
    .build();
  return applyConventions(
    SwaggerModule.createDocument(app, options, { operationIdFactory: operationId }),
  );
}

/** Serves the OpenAPI document at /api/docs-json and its UI at /api/docs. */
export function setupOpenApi(app: INestApplication, config: AppConfig): OpenAPIObject {
  const document = buildOpenApiDocument(app, config);
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/docs-json',
    yamlDocumentUrl: 'api/docs-yaml',
    customSiteTitle: 'Raum für Engagement – API',
  });
  return document;
}

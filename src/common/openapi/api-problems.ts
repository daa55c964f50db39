import { applyDecorators, HttpStatus, Type } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { ApiPageResponse } from '../pagination/page';
import { ProblemDto } from './problem.dto';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (field errors in `errors`)',
  401: 'Login missing or invalid',
  403: 'Not allowed for this user',
  404: 'Not found',
  409: 'Conflict with existing data',
  413: 'Body too large',
  422: 'Not possible in the current state',
  429: 'Too many requests',
};

/** A response DTO, or `[Dto]` for a plain (unpaginated) array of them. */
export type ResponseType = Type<unknown> | [Type<unknown>];

export interface SuccessResponse {
  ok?: ResponseType;
  created?: ResponseType;
  page?: Type<unknown>;
  noContent?: true;
}

/** The success response and the problem+json responses a route can give, for OpenAPI. */
export function ApiProblems(success: SuccessResponse, ...statuses: number[]) {
  const decorators = [ApiExtraModels(ProblemDto)];
  if (success.ok) decorators.push(ApiOkResponse({ type: success.ok }));
  if (success.created) decorators.push(ApiCreatedResponse({ type: success.created }));
  if (success.page) decorators.push(ApiPageResponse(success.page));
  if (success.noContent) decorators.push(ApiNoContentResponse());
  for (const status of statuses) {
    decorators.push(
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? HttpStatus[status],
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } },
      }),
    );
  }
  return applyDecorators(...decorators);
}

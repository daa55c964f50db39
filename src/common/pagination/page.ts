import { applyDecorators, Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ToInt } from '../validation/transforms';

/** `limit` and `offset` of every list; extend it with a list's own filters. */
export class PageQueryDto {
  @ApiProperty({ type: 'integer', required: false, minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;

  @ApiProperty({ type: 'integer', required: false, minimum: 0, default: 0 })
  @IsOptional()
  @ToInt()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset: number = 0;
}

export class PageDto<T> {
  items!: T[];
  @ApiProperty({ type: 'integer', description: 'Number of all matching items, not only this page' })
  total!: number;
  @ApiProperty({ type: 'integer' })
  limit!: number;
  @ApiProperty({ type: 'integer' })
  offset!: number;
}

export function page<T>(items: T[], total: number, query: PageQueryDto): PageDto<T> {
  return { items, total, limit: query.limit, offset: query.offset };
}

/** OpenAPI for a paginated list of `item`. */
export const ApiPageResponse = (item: Type<unknown>) =>
  applyDecorators(
    ApiExtraModels(PageDto, item),
    ApiOkResponse({
      schema: {
        allOf: [
          { $ref: getSchemaPath(PageDto) },
          {
            properties: { items: { type: 'array', items: { $ref: getSchemaPath(item) } } },
            required: ['items'],
          },
        ],
      },
    }),
  );

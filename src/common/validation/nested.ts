import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';

/**
 * A nested object checked by its own DTO. `@ValidateNested()` alone takes an array too:
 * class-transformer turns each item into the DTO, and an empty array has nothing to refuse
 * (`"accessibility": []` was stored, `"address": [...]` reached the database). Use this,
 * never `@ValidateNested()` on its own.
 */
export const IsNestedObject = (type: () => new () => object) =>
  applyDecorators(IsObject(), ValidateNested(), Type(type));

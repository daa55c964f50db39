import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsObject,
  IsOptional,
  IsString,
  Length,
  ValidateNested,
} from 'class-validator';
import { Trim } from '../../common/validation/transforms';

/** A list of objects, each checked by its own DTO (and checked to be an object). */
export const IsNestedArray = (type: () => new () => object, min: number, max: number) =>
  applyDecorators(
    IsArray(),
    ArrayMinSize(min),
    ArrayMaxSize(max),
    IsObject({ each: true }),
    ValidateNested({ each: true }),
    Type(type),
  );

const text = (max: number, required: boolean) =>
  applyDecorators(
    ApiProperty({ required, minLength: 1, maxLength: max }),
    ...(required ? [] : [IsOptional()]),
    Trim(),
    IsString(),
    Length(1, max),
  );

/** Wording in German and English, and in the further languages of the catalogue. */
export class WordingDto {
  @text(1000, true) de!: string;
  @text(1000, true) en!: string;
  @text(1000, false) tr?: string;
  @text(1000, false) ar?: string;
  @text(1000, false) ru?: string;
  @text(1000, false) uk?: string;
}

/** A round's title: shorter wording. */
export class TitleDto {
  @text(200, true) de!: string;
  @text(200, true) en!: string;
  @text(200, false) tr?: string;
  @text(200, false) ar?: string;
  @text(200, false) ru?: string;
  @text(200, false) uk?: string;
}

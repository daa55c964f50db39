import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { IsNestedObject } from '../../common/validation/nested';
import { Trim } from '../../common/validation/transforms';

/** Title and description in one further language; either may be left out (German then). */
export class SessionTranslationDto {
  @ApiProperty({ required: false, minLength: 1, maxLength: 200 })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 200)
  title?: string;

  @ApiProperty({ required: false, maxLength: 5000 })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;
}

const language = (name: string) =>
  applyDecorators(
    ApiProperty({ type: SessionTranslationDto, required: false, description: name }),
    IsOptional(),
    IsNestedObject(() => SessionTranslationDto),
  );

/**
 * A session's text in the catalogue's languages other than German (German is `title` and
 * `description`); other keys are refused. Keep in step with `TRANSLATION_LOCALES`.
 */
export class SessionTranslationsDto {
  @language('English') en?: SessionTranslationDto;
  @language('Turkish') tr?: SessionTranslationDto;
  @language('Arabic') ar?: SessionTranslationDto;
  @language('Russian') ru?: SessionTranslationDto;
  @language('Ukrainian') uk?: SessionTranslationDto;
}

import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { SUPPORTED_LOCALES } from '../../common/i18n/message-catalogue';
import { Trim } from '../../common/validation/transforms';

export class UpdateMeDto {
  @ApiProperty({ required: false, minLength: 1, maxLength: 100 })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiProperty({ required: false, enum: SUPPORTED_LOCALES })
  @IsOptional()
  @IsIn(SUPPORTED_LOCALES)
  locale?: string;
}

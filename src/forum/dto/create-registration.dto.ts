import { ApiProperty } from '@nestjs/swagger';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { SUPPORTED_LOCALES } from '../../common/i18n/message-catalogue';
import { Trim } from '../../common/validation/transforms';

/**
 * The languages a registrant's mails may be written in: every language of the catalogue, as
 * the session's title and the pages are (a language without the forum's texts gets German).
 */
export const REGISTRATION_LOCALES: readonly string[] = SUPPORTED_LOCALES;

export class CreateRegistrationDto {
  @ApiProperty({ example: 'Ayşe Yılmaz', minLength: 1, maxLength: 200 })
  @Trim()
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({
    required: false,
    format: 'email',
    maxLength: 254,
    description: 'Optional only when agency staff register someone by phone or at the door',
  })
  @IsOptional()
  @Trim()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5 })
  @IsInt()
  @Min(1)
  @Max(5)
  places!: number;

  @ApiProperty({ required: false, format: 'uuid', description: 'An organisation you belong to' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiProperty({ enum: REGISTRATION_LOCALES, description: 'Language of the mails' })
  @IsIn(REGISTRATION_LOCALES)
  locale!: string;

  @ApiProperty({ required: false, maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  accessibilityNeeds?: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, Length, MaxLength, MinLength } from 'class-validator';
import { SUPPORTED_LOCALES } from '../../common/i18n/message-catalogue';
import { Trim } from '../../common/validation/transforms';

export class RegisterDto {
  @ApiProperty({ example: 'amina@example.org', maxLength: 254 })
  @Trim()
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ minLength: 10, maxLength: 200, format: 'password' })
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  password!: string;

  @ApiProperty({ example: 'Amina Yilmaz', minLength: 1, maxLength: 100 })
  @Trim()
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ enum: SUPPORTED_LOCALES, example: 'de' })
  @IsIn(SUPPORTED_LOCALES)
  locale!: string;
}

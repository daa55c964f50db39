import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { Trim } from '../../common/validation/transforms';

const PASSWORD = { minLength: 10, maxLength: 200, format: 'password' } as const;
/** The secret of a mailed link: 43 URL-safe characters. */
const LINK_SECRET = /^[A-Za-z0-9_-]{43}$/;

export class ChangePasswordDto {
  @ApiProperty({ format: 'password' })
  @IsString()
  @MaxLength(200)
  currentPassword!: string;

  @ApiProperty(PASSWORD)
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  newPassword!: string;
}

export class PasswordResetRequestDto {
  @ApiProperty({ example: 'amina@example.org', maxLength: 254 })
  @Trim()
  @IsEmail()
  @MaxLength(254)
  email!: string;
}

export class PasswordResetDto {
  @ApiProperty({ description: 'The secret from the mailed link' })
  @IsString()
  @Matches(LINK_SECRET)
  token!: string;

  @ApiProperty(PASSWORD)
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  newPassword!: string;
}

export class EmailConfirmationDto {
  @ApiProperty({ description: 'The secret from the mailed link' })
  @IsString()
  @Matches(LINK_SECRET)
  token!: string;
}

export class DeleteAccountDto {
  @ApiProperty({ format: 'password', description: 'Your current password' })
  @IsString()
  @MaxLength(200)
  password!: string;
}

export class LoginResponseDto {
  @ApiProperty({ description: 'Send as "Authorization: Bearer <accessToken>"' })
  accessToken!: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType!: 'Bearer';

  @ApiProperty({ type: 'integer', description: 'Seconds until the token expires' })
  expiresIn!: number;
}

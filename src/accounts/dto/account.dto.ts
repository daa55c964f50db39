import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { Trim } from '../../common/validation/transforms';
import { UserSummary } from '../../identity/users.service';

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

/** The account just made (the same shape as GET /api/me). */
export class AccountResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  email!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ example: 'de' })
  locale!: string;

  @ApiProperty({ description: 'Agency staff' })
  isAdmin!: boolean;

  @ApiProperty({ description: 'The address was confirmed (needed to request bookings)' })
  emailConfirmed!: boolean;

  static from(user: UserSummary): AccountResponseDto {
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      locale: user.locale,
      isAdmin: user.isAdmin,
      emailConfirmed: user.emailConfirmed,
    };
  }
}

export class LoginResponseDto {
  @ApiProperty({ description: 'Send as "Authorization: Bearer <accessToken>"' })
  accessToken!: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType!: 'Bearer';

  @ApiProperty({ type: 'integer', description: 'Seconds until the token expires' })
  expiresIn!: number;
}

import { ApiProperty } from '@nestjs/swagger';
import { UserSummary } from '../users.service';

export class UserResponseDto {
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

  static from(user: UserSummary): UserResponseDto {
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

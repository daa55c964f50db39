import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page';
import { ToBoolean, Trim } from '../../common/validation/transforms';
import { UserRecord } from '../users.service';

export class UserQueryDto extends PageQueryDto {
  @ApiProperty({ required: false, description: 'Part of the name or e-mail address' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiProperty({ required: false })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  blocked?: boolean;

  @ApiProperty({ required: false, description: 'Only agency staff (true) or only others (false)' })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  admin?: boolean;
}

/** An account as admins see it. */
export class UserAdminResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  email!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ example: 'de' })
  locale!: string;

  @ApiProperty()
  isAdmin!: boolean;

  @ApiProperty()
  emailConfirmed!: boolean;

  @ApiProperty()
  blocked!: boolean;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  blockedAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  static from(user: UserRecord): UserAdminResponseDto {
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      locale: user.locale,
      isAdmin: user.isAdmin,
      emailConfirmed: user.emailConfirmed,
      blocked: user.blockedAt !== null,
      blockedAt: user.blockedAt?.toISOString() ?? null,
      createdAt: user.createdAt.toISOString(),
    };
  }
}

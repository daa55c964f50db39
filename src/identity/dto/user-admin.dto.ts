import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page';
import { ToBoolean, Trim } from '../../common/validation/transforms';
import { UserRecord } from '../users.service';
import { UserResponseDto } from './user.response.dto';

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

/** An account as admins see it: what the person sees, and whether and since when it is blocked. */
export class UserAdminResponseDto extends UserResponseDto {
  @ApiProperty()
  blocked!: boolean;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  blockedAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  static override from(user: UserRecord): UserAdminResponseDto {
    return {
      ...UserResponseDto.from(user),
      blocked: user.blockedAt !== null,
      blockedAt: user.blockedAt?.toISOString() ?? null,
      createdAt: user.createdAt.toISOString(),
    };
  }
}

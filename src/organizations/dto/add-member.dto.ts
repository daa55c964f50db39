import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, MaxLength } from 'class-validator';
import { Trim } from '../../common/validation/transforms';
import { MEMBERSHIP_ROLES, MembershipRole } from '../membership.entity';

export class AddMemberDto {
  @ApiProperty({ description: 'E-mail of a registered account', example: 'yusuf@example.org' })
  @Trim()
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ enum: MEMBERSHIP_ROLES, default: 'member' })
  @IsIn(MEMBERSHIP_ROLES)
  role: MembershipRole = 'member';
}

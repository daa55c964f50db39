import { ApiProperty } from '@nestjs/swagger';
import { MEMBERSHIP_ROLES, MembershipRole } from '../membership.entity';
import { Organization, ORGANIZATION_KINDS, OrganizationKind } from '../organization.entity';

export class MemberResponseDto {
  @ApiProperty({ format: 'uuid' })
  userId!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  email!: string;

  @ApiProperty({ enum: MEMBERSHIP_ROLES })
  role!: MembershipRole;

  @ApiProperty({ format: 'date-time' })
  since!: string;
}

export class OrganizationResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: ORGANIZATION_KINDS })
  kind!: OrganizationKind;

  @ApiProperty({ type: [String] })
  languages!: string[];

  @ApiProperty({ type: [String] })
  fields!: string[];

  @ApiProperty({ type: String, nullable: true })
  district!: string | null;

  @ApiProperty({ type: String, nullable: true })
  description!: string | null;

  @ApiProperty({ type: [String] })
  originRegions!: string[];

  @ApiProperty({ type: String, nullable: true })
  website!: string | null;

  @ApiProperty({
    required: false,
    type: String,
    nullable: true,
    description: 'Members and admins only',
  })
  contactEmail?: string | null;

  @ApiProperty({
    required: false,
    type: String,
    nullable: true,
    description: 'Members and admins only',
  })
  contactPhone?: string | null;

  @ApiProperty()
  verified!: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  verifiedAt!: string | null;

  @ApiProperty({ enum: MEMBERSHIP_ROLES, nullable: true, description: "The caller's role here" })
  myRole!: MembershipRole | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  @ApiProperty({
    required: false,
    type: [MemberResponseDto],
    description: 'Members and admins only',
  })
  members?: MemberResponseDto[];
}

export function toOrganizationResponse(
  organization: Organization,
  myRole: MembershipRole | null,
  insider: boolean,
): OrganizationResponseDto {
  const response: OrganizationResponseDto = {
    id: organization.id,
    name: organization.name,
    kind: organization.kind,
    languages: organization.languages,
    fields: organization.fields,
    district: organization.district,
    description: organization.description,
    originRegions: organization.originRegions,
    website: organization.website,
    verified: organization.verifiedAt !== null,
    verifiedAt: organization.verifiedAt?.toISOString() ?? null,
    myRole,
    createdAt: organization.createdAt.toISOString(),
    updatedAt: organization.updatedAt.toISOString(),
  };
  if (insider) {
    response.contactEmail = organization.contactEmail;
    response.contactPhone = organization.contactPhone;
  }
  return response;
}

import { IsEmail, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { Trim } from '../../common/validation/transforms';

/** The organisation kinds (organizations' entity, which pages may not import). */
export const ORGANIZATION_KINDS = [
  'migrant_self_organization',
  'association',
  'initiative',
  'religious_community',
  'public_facility',
  'other',
] as const;

/** "Create my organisation": the API's rules, with languages as one text field. */
export class OrganizationForm {
  @Trim()
  @IsString()
  @Length(2, 150)
  name!: string;

  @IsIn(ORGANIZATION_KINDS)
  kind!: (typeof ORGANIZATION_KINDS)[number];

  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^\s*([a-z]{2}([,;\s]+[a-z]{2})*)?\s*$/i)
  languages?: string;

  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(80)
  district?: string;

  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  contactEmail?: string;
}

export class InviteForm {
  @Trim()
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @IsIn(['member', 'owner'])
  role!: 'member' | 'owner';
}

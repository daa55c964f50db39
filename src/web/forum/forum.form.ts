import {
  IsEmail,
  IsIn,
  IsInt,
  IsISO6391,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { ToInt, Trim } from '../../common/validation/transforms';
import { REGISTRATION_LOCALES, SESSION_KINDS, SessionKind } from '../../forum/forum.contract';

/** The programme's filters, as typed into the page's GET form. */
export class ProgrammeFilterForm {
  @IsOptional()
  @IsIn(SESSION_KINDS)
  kind?: SessionKind;

  @IsOptional()
  @Matches(/^[a-z][a-z0-9_]{1,39}$/)
  topic?: string;

  @IsOptional()
  @IsISO6391()
  language?: string;

  /** The first day shown ("yyyy-MM-dd"); today when absent. */
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  from?: string;

  @IsOptional()
  @ToInt()
  @IsInt()
  @Min(0)
  @Max(10_000)
  offset?: number;
}

/** Who registers, apart from the e-mail: the API's rules (CreateRegistrationDto). */
export class RegistrantForm {
  @Trim()
  @IsString()
  @Length(1, 200)
  name!: string;

  @ToInt()
  @IsInt()
  @Min(1)
  @Max(5)
  places!: number;

  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @IsIn(REGISTRATION_LOCALES)
  locale!: string;

  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(1000)
  accessibilityNeeds?: string;
}

/** "Register": the e-mail is needed for the confirmation and the private link. */
export class RegistrationForm extends RegistrantForm {
  @Trim()
  @IsEmail()
  @MaxLength(254)
  email!: string;
}

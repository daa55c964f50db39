import { IsEmail, IsIn, IsString, Length, MaxLength, MinLength } from 'class-validator';
import { SUPPORTED_LOCALES } from '../../common/i18n/message-catalogue';
import { Trim } from '../../common/validation/transforms';

/** The sign-up form: the rules of the API's registration. */
export class SignupForm {
  @Trim()
  @IsString()
  @Length(1, 100)
  name!: string;

  @Trim()
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @IsString()
  @MinLength(10)
  @MaxLength(200)
  password!: string;

  @IsIn(SUPPORTED_LOCALES)
  locale!: string;
}

export class LoginForm {
  @Trim()
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @IsString()
  @Length(1, 200)
  password!: string;
}

export class ProfileForm {
  @Trim()
  @IsString()
  @Length(1, 100)
  name!: string;

  @IsIn(SUPPORTED_LOCALES)
  locale!: string;
}

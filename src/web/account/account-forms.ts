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

/** "Forgot your password?": the address a link goes to (if it has an account). */
export class PasswordForgotForm {
  @Trim()
  @IsEmail()
  @MaxLength(254)
  email!: string;
}

/** The new password, set with the mail's one-time link (the API's rules). */
export class PasswordResetForm {
  @IsString()
  @Length(1, 200)
  token!: string;

  @IsString()
  @MinLength(10)
  @MaxLength(200)
  newPassword!: string;
}

/** A new password for the logged-in person, who must know the current one. */
export class PasswordChangeForm {
  @IsString()
  @Length(1, 200)
  currentPassword!: string;

  @IsString()
  @MinLength(10)
  @MaxLength(200)
  newPassword!: string;
}

/** Deleting one's account: the password confirms it is the person (the API's rule). */
export class AccountDeletionForm {
  @IsString()
  @Length(1, 200)
  password!: string;
}

import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { UserSummary, UsersService } from './users.service';

export interface AccessToken {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(email: string, password: string): Promise<AccessToken> {
    return this.issue(await this.users.authenticate(email, password));
  }

  async issue(user: UserSummary): Promise<AccessToken> {
    // `at`: the moment of login in milliseconds (`iat` has whole seconds only), compared with
    // the moment the credentials last changed.
    const accessToken = await this.jwt.signAsync(
      { sub: user.id, at: Date.now() },
      { expiresIn: this.config.jwtExpiresInSeconds },
    );
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.jwtExpiresInSeconds };
  }

  /**
   * The user a bearer token stands for, or null for a bad or expired token, or one whose
   * account is gone, blocked, or changed its password after the token was issued.
   */
  async verify(token: string): Promise<UserSummary | null> {
    let subject: string;
    let issuedAt: Date;
    try {
      const payload = await this.jwt.verifyAsync<{ sub?: unknown; at?: unknown; iat?: unknown }>(
        token,
        { algorithms: ['HS256'] },
      );
      if (typeof payload.sub !== 'string') return null;
      subject = payload.sub;
      if (typeof payload.at === 'number') issuedAt = new Date(payload.at);
      else if (typeof payload.iat === 'number') issuedAt = new Date(payload.iat * 1000);
      else return null;
    } catch {
      return null;
    }
    return this.users.forLogin(subject, issuedAt);
  }
}

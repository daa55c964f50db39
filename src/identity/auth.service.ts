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
    const accessToken = await this.jwt.signAsync(
      { sub: user.id },
      { expiresIn: this.config.jwtExpiresInSeconds },
    );
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.jwtExpiresInSeconds };
  }

  /** The user a bearer token stands for, or null for a bad, expired or orphaned token. */
  async verify(token: string): Promise<UserSummary | null> {
    let subject: string;
    try {
      const payload = await this.jwt.verifyAsync<{ sub?: unknown }>(token, {
        algorithms: ['HS256'],
      });
      if (typeof payload.sub !== 'string') return null;
      subject = payload.sub;
    } catch {
      return null;
    }
    return this.users.findById(subject);
  }
}

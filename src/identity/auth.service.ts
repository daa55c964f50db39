import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { UserSummary, UsersService } from './users.service';

export interface AccessToken {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

/** What a bearer token says, once its signature was checked. */
interface Claims {
  subject: string;
  issuedAt: Date;
  /** Epoch milliseconds; the token is refused from then on. */
  expiresAt: number;
}

/** Beyond this many tokens, forget them all (they are checked again as they come). */
const MAX_TOKENS = 10_000;

@Injectable()
export class AuthService {
  /**
   * Tokens whose signature this process checked, by their whole text (the signature included,
   * so nobody gets an entry without a valid token): every API request checked its HMAC again.
   */
  private readonly verified = new Map<string, Claims>();

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
    const claims = this.verified.get(token) ?? (await this.claimsOf(token));
    // Expiry as the JWT library judges it (`exp` in whole seconds), also for a remembered token.
    if (!claims || Date.now() >= claims.expiresAt) return null;
    return this.users.forLogin(claims.subject, claims.issuedAt);
  }

  private async claimsOf(token: string): Promise<Claims | null> {
    let claims: Claims;
    try {
      const payload = await this.jwt.verifyAsync<{
        sub?: unknown;
        at?: unknown;
        iat?: unknown;
        exp?: unknown;
      }>(token, { algorithms: ['HS256'] });
      if (typeof payload.sub !== 'string') return null;
      let issuedAt: Date;
      if (typeof payload.at === 'number') issuedAt = new Date(payload.at);
      else if (typeof payload.iat === 'number') issuedAt = new Date(payload.iat * 1000);
      else return null;
      const expiresAt = typeof payload.exp === 'number' ? payload.exp * 1000 : Infinity;
      claims = { subject: payload.sub, issuedAt, expiresAt };
    } catch {
      return null;
    }
    if (this.verified.size >= MAX_TOKENS) this.verified.clear();
    this.verified.set(token, claims);
    return claims;
  }
}

import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/**
 * Throttles logging in and signing up per client address with one counter for the API and
 * the web pages: trying passwords on the login page counts against the API's login too.
 * (ThrottlerGuard would keep one counter per route.)
 */
@Injectable()
export class AuthThrottlerGuard extends ThrottlerGuard {
  protected override generateKey(_context: ExecutionContext, suffix: string, name: string): string {
    return `auth:${name}:${suffix}`;
  }
}

import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { SESSION_COOKIE } from './web-request';

/**
 * Every cookie the pages set, with the attributes decided here once: Path=/, SameSite=Lax,
 * HttpOnly (no script reads any of them), and Secure when the public URL is https — behind a
 * TLS proxy the browser must never send them in the clear, at a plain-http LAN address it
 * could not keep them otherwise.
 */
@Injectable()
export class WebCookies {
  private readonly secure: boolean;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.secure = new URL(config.publicUrl).protocol === 'https:';
  }

  /** Sets `name`; `maxAge` in seconds, absent: until the browser closes. */
  set(reply: FastifyReply, name: string, value: string, maxAge?: number): void {
    const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'SameSite=Lax', 'HttpOnly'];
    if (this.secure) parts.push('Secure');
    if (maxAge !== undefined) parts.push(`Max-Age=${maxAge}`);
    const existing = reply.getHeader('set-cookie');
    const list = existing === undefined ? [] : ([] as string[]).concat(existing as string[]);
    void reply.header('set-cookie', [...list, parts.join('; ')]);
  }

  /** Deletes `name` in the browser. */
  clear(reply: FastifyReply, name: string): void {
    this.set(reply, name, '', 0);
  }

  /** The session's secret, kept as long as the session lasts. */
  openSession(reply: FastifyReply, session: { secret: string; expiresAt: Date }): void {
    const seconds = Math.floor((session.expiresAt.getTime() - Date.now()) / 1000);
    this.set(reply, SESSION_COOKIE, session.secret, seconds);
  }

  /** This browser's session ends here (logout, a deleted account, an unknown secret). */
  endSession(reply: FastifyReply): void {
    this.clear(reply, SESSION_COOKIE);
  }
}

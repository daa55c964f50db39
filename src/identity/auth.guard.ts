import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ADMIN_ONLY, IS_PUBLIC } from '../common/auth/actor';
import { CommonErrors } from '../common/errors/domain-error';
import { AuthService } from './auth.service';

/**
 * Deny by default: every route needs a valid bearer token unless it is marked @Public().
 * A token that is sent must be valid even on public routes, so that a client notices an
 * expired login instead of silently seeing less.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) ?? false;
    const header = request.headers.authorization;
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const actor = match ? await this.auth.verify(match[1]) : null;
      if (!actor) throw CommonErrors.UNAUTHENTICATED();
      request.actor = actor;
    }
    if (isPublic) return true;
    if (!request.actor) throw CommonErrors.UNAUTHENTICATED();
    if (this.reflector.getAllAndOverride<boolean>(ADMIN_ONLY, targets) && !request.actor.isAdmin) {
      throw CommonErrors.FORBIDDEN();
    }
    return true;
  }
}

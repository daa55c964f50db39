import {
  applyDecorators,
  createParamDecorator,
  ExecutionContext,
  SetMetadata,
} from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';

/** Who is calling: the logged-in user as the guard found them, or nobody. */
export interface Actor {
  id: string;
  email: string;
  name: string;
  locale: string;
  isAdmin: boolean;
  /** The address was confirmed through the mail's link (needed to request bookings). */
  emailConfirmed: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
  }
}

export const IS_PUBLIC = 'rfe:isPublic';
export const ADMIN_ONLY = 'rfe:adminOnly';

/**
 * Open to anyone, logged in or not; the actor is still known when a valid token is sent
 * (OpenAPI: security is optional).
 */
export const Public = () =>
  applyDecorators(SetMetadata(IS_PUBLIC, true), ApiSecurity({}), ApiBearerAuth('bearer'));

/** Only agency staff. */
export const AdminOnly = () => SetMetadata(ADMIN_ONLY, true);

/** The calling user; on routes that are not @Public() it is always present. */
export const CurrentActor = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Actor | undefined =>
    context.switchToHttp().getRequest<FastifyRequest>().actor,
);

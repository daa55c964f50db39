import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AdminBootstrapService } from './admin-bootstrap.service';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { AuthThrottlerGuard } from './auth-throttler.service';
import { resolveJwtSecret } from './jwt-secret';
import { MeController } from './me.controller';
import { UsersService } from './users.service';

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: createSecretKey(Buffer.from(resolveJwtSecret(config), 'utf8')),
        signOptions: { algorithm: 'HS256' },
      }),
    }),
    // Login and registration only; the counter lives in this process (see README, "several instances").
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        throttlers: [{ name: 'auth', ttl: 60_000, limit: config.rateLimit.authPerMinute }],
        skipIf: () => !config.rateLimit.enabled,
      }),
    }),
  ],
  controllers: [AuthController, MeController],
  providers: [
    UsersService,
    AuthService,
    AdminBootstrapService,
    AuthThrottlerGuard,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [UsersService, AuthThrottlerGuard],
})
export class IdentityModule {}

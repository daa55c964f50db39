import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DEFAULT_LOCALE } from '../common/i18n/message-catalogue';
import { UsersService } from './users.service';

/** Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD when the service starts. */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Identity');

  constructor(
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.admin) return;
    const admin = await this.users.ensureAdmin(
      this.config.admin.email,
      this.config.admin.password,
      DEFAULT_LOCALE,
    );
    this.logger.log(`Admin account ready: ${admin.email}`);
  }
}

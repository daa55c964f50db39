import { Global, Module } from '@nestjs/common';
import { MessageCatalogue, messageCatalogue } from './message-catalogue';

@Global()
@Module({
  providers: [{ provide: MessageCatalogue, useFactory: messageCatalogue }],
  exports: [MessageCatalogue],
})
export class I18nModule {}

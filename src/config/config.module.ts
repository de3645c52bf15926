import { Global, Module } from '@nestjs/common';
import { AppConfig, appConfig } from './app-config';

/** The validated configuration, for injection everywhere. */
@Global()
@Module({ providers: [{ provide: AppConfig, useFactory: appConfig }], exports: [AppConfig] })
export class ConfigModule {}

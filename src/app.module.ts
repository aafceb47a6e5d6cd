import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CatalogModule } from './catalog/catalog.module.js';
import { ErrorFilter } from './common/errors/error.filter.js';
import { APP_CONFIG, type AppConfig } from './config/config.js';
import { dataSourceOptions } from './database/data-source.js';
import { HealthController } from './health/health.controller.js';
import { UsersModule } from './users/users.module.js';

@Module({})
export class AppModule {
  /** `config.jwtSecret` must be resolved and `databaseUrl` point at a migrated database. */
  static forRoot(config: AppConfig & { databaseUrl: string; jwtSecret: string }): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [TypeOrmModule.forRoot(dataSourceOptions(config.databaseUrl)), AuditModule, AuthModule, UsersModule, CatalogModule],
      controllers: [HealthController],
      providers: [{ provide: APP_CONFIG, useValue: config }, { provide: APP_FILTER, useClass: ErrorFilter }],
      exports: [APP_CONFIG],
    };
  }
}

import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { IdempotencyInterceptor } from './common/idempotency/idempotency.interceptor.js';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CatalogModule } from './catalog/catalog.module.js';
import { Clock, SystemClock } from './common/clock.js';
import { ErrorFilter } from './common/errors/error.filter.js';
import { ErrorRegistry } from './common/errors/error-registry.js';
import { APP_CONFIG, type AppConfig } from './config/config.js';
import { dataSourceOptions } from './database/data-source.js';
import { ENTITIES } from './entities.js';
import { errorRegistry } from './errors.js';
import { HealthController } from './health/health.controller.js';
import { UsersModule } from './users/users.module.js';
import { PacksModule } from './packs/packs.module.js';
import { MonitoringModule } from './monitoring/monitoring.module.js';
import { RecallModule } from './recall/recall.module.js';
import { ReleaseModule } from './release/release.module.js';
import { RecyclingModule } from './recycling/recycling.module.js';
import { CleaningModule } from './cleaning/cleaning.module.js';
import { PackingModule } from './packing/packing.module.js';
import { SterilizationModule } from './sterilization/sterilization.module.js';
import { StorageModule } from './storage/storage.module.js';
import { DispatchModule } from './dispatch/dispatch.module.js';
import { UsageModule } from './usage/usage.module.js';
import { TraceModule } from './trace/trace.module.js';
import { LabelsModule } from './labels/labels.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { BoardModule } from './board/board.module.js';
import { ProblemsModule } from './problems/problems.module.js';
import { QualityChecksModule } from './quality-checks/quality-checks.module.js';
import { SuppliesModule } from './supplies/supplies.module.js';
import { DisinfectantsModule } from './disinfectants/disinfectants.module.js';
import { LedgerSealModule } from './ledger-seal/ledger-seal.module.js';
import { EquipmentModule } from './equipment/equipment.module.js';
import { RequisitionsModule } from './requisitions/requisitions.module.js';
import { DefectsModule } from './defects/defects.module.js';
import { ShiftHandoverModule } from './shift-handover/shift-handover.module.js';
import { QualityReviewsModule } from './quality-reviews/quality-reviews.module.js';
import { RepairsModule } from './repairs/repairs.module.js';
import { VisitorsModule } from './visitors/visitors.module.js';
import { LoanersModule } from './loaners/loaners.module.js';
import { SurveysModule } from './surveys/surveys.module.js';

@Module({})
export class AppModule {
  /** `config.jwtSecret` must be resolved and `databaseUrl` point at a migrated database. */
  static forRoot(config: AppConfig & { databaseUrl: string; jwtSecret: string }): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot(dataSourceOptions(config.databaseUrl, ENTITIES, config.pool)),
        AuditModule,
        AuthModule,
        UsersModule,
        CatalogModule,
        PacksModule,
        RecyclingModule,
        CleaningModule,
        PackingModule,
        SterilizationModule,
        StorageModule,
        DispatchModule,
        UsageModule,
        TraceModule,
        ReleaseModule,
        RecallModule,
        MonitoringModule,
        LabelsModule,
        ReportsModule,
        BoardModule,
        ProblemsModule,
        QualityChecksModule,
        SuppliesModule,
        DisinfectantsModule,
        LedgerSealModule,
        EquipmentModule,
        RequisitionsModule,
        DefectsModule,
        QualityReviewsModule,
        VisitorsModule,
        LoanersModule,
        ShiftHandoverModule,
        SurveysModule,
        RepairsModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Clock, useClass: SystemClock },
        { provide: ErrorRegistry, useValue: errorRegistry },
        { provide: APP_FILTER, useClass: ErrorFilter },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
      exports: [APP_CONFIG, Clock],
    };
  }
}

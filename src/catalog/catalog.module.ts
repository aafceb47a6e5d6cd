import { Module } from '@nestjs/common';
import {
  BiProductsController,
  DepartmentsController,
  InstrumentSetsController,
  SterilizersController,
  TemplatesController,
  WashersController,
} from './catalog.controllers.js';
import { CatalogRepository } from './catalog.repository.js';
import { CatalogService } from './catalog.service.js';
import { CatalogStore } from './catalog.store.js';

@Module({
  controllers: [
    DepartmentsController,
    TemplatesController,
    InstrumentSetsController,
    SterilizersController,
    WashersController,
    BiProductsController,
  ],
  providers: [CatalogStore, CatalogService, CatalogRepository],
  exports: [CatalogService, CatalogStore],
})
export class CatalogModule {}

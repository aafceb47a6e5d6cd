import { Module } from '@nestjs/common';
import { RequisitionsModule } from '../requisitions/requisitions.module.js';
import { RecyclingController } from './recycling.controller.js';
import { RecyclingRepository } from './recycling.repository.js';
import { RecyclingService } from './recycling.service.js';

@Module({
  imports: [RequisitionsModule],
  controllers: [RecyclingController],
  providers: [RecyclingService, RecyclingRepository],
  exports: [RecyclingService],
})
export class RecyclingModule {}

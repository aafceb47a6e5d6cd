import { Module } from '@nestjs/common';
import { ProblemsModule } from '../problems/problems.module.js';
import { RecallModule } from '../recall/recall.module.js';
import { UsageController } from './usage.controller.js';
import { UsageRepository } from './usage.repository.js';
import { UsageService } from './usage.service.js';

@Module({
  imports: [RecallModule, ProblemsModule],
  controllers: [UsageController],
  providers: [UsageService, UsageRepository],
  exports: [UsageService],
})
export class UsageModule {}

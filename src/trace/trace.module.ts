import { Module } from '@nestjs/common';
import { SterilizationModule } from '../sterilization/sterilization.module.js';
import { TraceController } from './trace.controller.js';
import { TraceRepository } from './trace.repository.js';
import { TraceService } from './trace.service.js';

@Module({
  imports: [SterilizationModule],
  controllers: [TraceController],
  providers: [TraceService, TraceRepository],
  exports: [TraceService],
})
export class TraceModule {}

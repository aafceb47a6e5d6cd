import { Module } from '@nestjs/common';
import { RequisitionsModule } from '../requisitions/requisitions.module.js';
import { DispatchController } from './dispatch.controller.js';
import { DispatchRepository } from './dispatch.repository.js';
import { DispatchService } from './dispatch.service.js';

@Module({
  imports: [RequisitionsModule],
  controllers: [DispatchController],
  providers: [DispatchService, DispatchRepository],
  exports: [DispatchService],
})
export class DispatchModule {}

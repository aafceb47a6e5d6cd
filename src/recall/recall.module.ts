import { Module } from '@nestjs/common';
import { NoticesService } from './notices.service.js';
import { DepartmentAlertsController, RecallController } from './recall.controller.js';
import { RecallRepository } from './recall.repository.js';
import { RecallService } from './recall.service.js';

@Module({
  controllers: [RecallController, DepartmentAlertsController],
  providers: [RecallService, NoticesService, RecallRepository],
  exports: [RecallService, NoticesService],
})
export class RecallModule {}

import { Module } from '@nestjs/common';
import { DispatchController } from './dispatch.controller.js';
import { DispatchRepository } from './dispatch.repository.js';
import { DispatchService } from './dispatch.service.js';

@Module({ controllers: [DispatchController], providers: [DispatchService, DispatchRepository], exports: [DispatchService] })
export class DispatchModule {}

import { Module } from '@nestjs/common';
import { PackingController } from './packing.controller.js';
import { PackingRepository } from './packing.repository.js';
import { PackingService } from './packing.service.js';

@Module({ controllers: [PackingController], providers: [PackingService, PackingRepository], exports: [PackingService] })
export class PackingModule {}

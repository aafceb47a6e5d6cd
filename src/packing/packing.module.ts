import { Module } from '@nestjs/common';
import { PackingController } from './packing.controller.js';
import { PackingService } from './packing.service.js';

@Module({ controllers: [PackingController], providers: [PackingService], exports: [PackingService] })
export class PackingModule {}

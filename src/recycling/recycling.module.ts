import { Module } from '@nestjs/common';
import { RecyclingController } from './recycling.controller.js';
import { RecyclingRepository } from './recycling.repository.js';
import { RecyclingService } from './recycling.service.js';

@Module({ controllers: [RecyclingController], providers: [RecyclingService, RecyclingRepository], exports: [RecyclingService] })
export class RecyclingModule {}

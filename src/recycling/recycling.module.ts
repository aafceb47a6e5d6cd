import { Module } from '@nestjs/common';
import { RecyclingController } from './recycling.controller.js';
import { RecyclingService } from './recycling.service.js';

@Module({ controllers: [RecyclingController], providers: [RecyclingService], exports: [RecyclingService] })
export class RecyclingModule {}

import { Module } from '@nestjs/common';
import { RecallModule } from '../recall/recall.module.js';
import { UsageController } from './usage.controller.js';
import { UsageService } from './usage.service.js';

@Module({ imports: [RecallModule], controllers: [UsageController], providers: [UsageService], exports: [UsageService] })
export class UsageModule {}

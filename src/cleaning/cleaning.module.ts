import { Module } from '@nestjs/common';
import { CleaningController } from './cleaning.controller.js';
import { CleaningService } from './cleaning.service.js';

@Module({ controllers: [CleaningController], providers: [CleaningService], exports: [CleaningService] })
export class CleaningModule {}

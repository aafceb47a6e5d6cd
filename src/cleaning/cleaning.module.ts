import { Module } from '@nestjs/common';
import { CleaningController } from './cleaning.controller.js';
import { CleaningRepository } from './cleaning.repository.js';
import { CleaningService } from './cleaning.service.js';

@Module({ controllers: [CleaningController], providers: [CleaningService, CleaningRepository], exports: [CleaningService] })
export class CleaningModule {}

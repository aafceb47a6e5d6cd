import { Module } from '@nestjs/common';
import { StorageController } from './storage.controller.js';
import { StorageRepository } from './storage.repository.js';
import { StorageService } from './storage.service.js';

@Module({ controllers: [StorageController], providers: [StorageService, StorageRepository], exports: [StorageService, StorageRepository] })
export class StorageModule {}

import { Module } from '@nestjs/common';
import { SterilizationController } from './sterilization.controller.js';
import { SterilizationService } from './sterilization.service.js';

@Module({ controllers: [SterilizationController], providers: [SterilizationService], exports: [SterilizationService] })
export class SterilizationModule {}

import { Module } from '@nestjs/common';
import { LabelsController } from './labels.controller.js';
import { LabelsRepository } from './labels.repository.js';
import { LabelsService } from './labels.service.js';

/** Pack labels (§6): PNG, SVG, PDF and ZPL from one layout; printing and reprinting recorded on the pack. */
@Module({ controllers: [LabelsController], providers: [LabelsService, LabelsRepository], exports: [LabelsService] })
export class LabelsModule {}

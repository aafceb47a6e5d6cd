import { Module } from '@nestjs/common';
import { RepairsController } from './repairs.controller.js';
import { RepairsRepository } from './repairs.repository.js';
import { RepairsService } from './repairs.service.js';

/** The repair, scrap and compensation register (issue 16, seed 4.4). */
@Module({ controllers: [RepairsController], providers: [RepairsService, RepairsRepository] })
export class RepairsModule {}

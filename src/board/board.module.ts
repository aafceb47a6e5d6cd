import { Module } from '@nestjs/common';
import { QualityChecksModule } from '../quality-checks/quality-checks.module.js';
import { RecallModule } from '../recall/recall.module.js';
import { RequisitionsModule } from '../requisitions/requisitions.module.js';
import { SterilizationModule } from '../sterilization/sterilization.module.js';
import { BoardController } from './board.controller.js';
import { BoardRepository } from './board.repository.js';
import { BoardService } from './board.service.js';

@Module({
  imports: [SterilizationModule, RecallModule, QualityChecksModule, RequisitionsModule],
  controllers: [BoardController],
  providers: [BoardService, BoardRepository],
})
export class BoardModule {}

import { Module } from '@nestjs/common';
import { RecallModule } from '../recall/recall.module.js';
import { SterilizationModule } from '../sterilization/sterilization.module.js';
import { BoardController } from './board.controller.js';
import { BoardService } from './board.service.js';

@Module({ imports: [SterilizationModule, RecallModule], controllers: [BoardController], providers: [BoardService] })
export class BoardModule {}

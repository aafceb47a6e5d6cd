import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/decorators.js';
import { ApiErrors } from '../common/errors/api-errors.js';
import { BoardService } from './board.service.js';

@ApiTags('board 看板')
@Controller('board')
export class BoardController {
  constructor(private readonly board: BoardService) {}

  /** The head nurse's board: sterilizers and washers, open recalls, expiring packs, today's work, implant loads waiting for their BI. */
  @Get()
  @Roles('head_nurse', 'admin')
  @ApiErrors()
  summary() {
    return this.board.summary();
  }
}

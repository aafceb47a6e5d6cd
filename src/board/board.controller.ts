import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/decorators.js';
import { ApiErrors } from '../common/errors/api-errors.js';
import { BoardService } from './board.service.js';
import { BoardView } from './dto/board.view.js';

@ApiTags('board 看板')
@Controller('board')
export class BoardController {
  constructor(private readonly board: BoardService) {}

  /** The head nurse's board: sterilizers and washers, open recalls, expiring packs, today's work, implant loads waiting for their BI. */
  @Get()
  @Roles('head_nurse', 'admin')
  @ApiErrors()
  @ApiOperation({
    summary:
      'The head nurse’s board: sterilizers and why not available, washers, open recalls, expiring packs, today’s counts, loads awaiting their BI',
  })
  @ApiOkResponse({ type: BoardView })
  summary() {
    return this.board.summary();
  }
}

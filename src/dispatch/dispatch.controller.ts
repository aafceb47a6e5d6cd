import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Actor } from '../common/auth/current-user.js';
import { Roles } from '../common/auth/decorators.js';
import { ApiErrors } from '../common/errors/api-errors.js';
import { Station } from '../packs/station.js';
import { DispatchService } from './dispatch.service.js';
import { DispatchScanDto } from './dto/dispatch.dto.js';
import { DispatchAnswerView } from './dto/dispatch.view.js';

@ApiTags('dispatch 发放')
@ApiHeader({ name: 'X-Station', required: false })
@Controller('dispatch')
export class DispatchController {
  constructor(private readonly dispatch: DispatchService) {}

  /**
   * Scan a pack out to a department. The answer warns (FIFO_EARLIER_PACK) when an earlier-expiring pack waits, and
   * (REQUISITION_QUANTITY_REACHED, REQUISITION_TEMPLATE_NOT_REQUESTED) when a pack does not count against the requisition.
   */
  @Post('scan')
  @HttpCode(200)
  @Roles('nurse', 'head_nurse')
  @ApiErrors(
    'INVALID_BARCODE',
    'UNKNOWN_BARCODE',
    'LABEL_VOIDED',
    'DEPARTMENT_NOT_FOUND',
    'INACTIVE_REFERENCE',
    'NOT_IN_STORAGE',
    'LOAD_NOT_RELEASED',
    'PACK_EXPIRED',
    'PACK_RECALLED',
    'PACK_INDICATOR_FAILED',
    'PACK_WET_OR_DAMAGED',
    'PACK_SUPERSEDED',
    'LOANER_WRONG_DEPARTMENT',
    'REQUISITION_NOT_FOUND',
    'REQUISITION_WRONG_DEPARTMENT',
    'REQUISITION_CLOSED',
  )
  @ApiOperation({
    summary: 'Dispatch a pack to a department (on its open delivery manifest; against a requisition when one is named)',
  })
  @ApiOkResponse({ type: DispatchAnswerView })
  scan(@CurrentUser() actor: Actor, @Station() station: string | null, @Body() dto: DispatchScanDto) {
    return this.dispatch.dispatch({ actor, station }, dto);
  }
}

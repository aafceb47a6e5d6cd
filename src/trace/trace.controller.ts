import { Controller, Get, Param } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Actor } from '../common/auth/current-user.js';
import { Roles } from '../common/auth/decorators.js';
import { ALL_ROLES, CSSD_STAFF } from '../common/auth/roles.js';
import { ApiErrors } from '../common/errors/api-errors.js';
import { TraceService } from './trace.service.js';
import { ProvenanceView, SetHistoryView, TRACE_EXTRA_MODELS } from './dto/trace.view.js';

@ApiTags('trace 追溯')
@ApiExtraModels(...TRACE_EXTRA_MODELS)
@Controller('trace')
export class TraceController {
  constructor(private readonly trace: TraceService) {}

  /** The whole chain of one pack. Department users: only packs dispatched to their department, and only their own cycle of the set. */
  @Get('packs/:barcode')
  @Roles(...ALL_ROLES)
  @ApiErrors('INVALID_BARCODE', 'UNKNOWN_BARCODE', 'LABEL_VOIDED')
  @ApiOperation({ summary: 'A pack’s provenance: every step, who, when, where, the cycles and results' })
  @ApiOkResponse({ type: ProvenanceView })
  pack(@CurrentUser() actor: Actor, @Param('barcode') barcode: string) {
    return this.trace.pack(actor, barcode);
  }

  /** Every cycle of one instrument set. */
  @Get('sets/:assetCode')
  @Roles(...CSSD_STAFF)
  @ApiErrors('INVALID_BARCODE', 'UNKNOWN_BARCODE', 'LABEL_VOIDED')
  @ApiOperation({ summary: 'Every cycle of one instrument set' })
  @ApiOkResponse({ type: SetHistoryView })
  set(@Param('assetCode') assetCode: string) {
    return this.trace.set(assetCode);
  }
}

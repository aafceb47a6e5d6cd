import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Actor } from '../common/auth/current-user.js';
import { Roles } from '../common/auth/decorators.js';
import { CSSD_STAFF } from '../common/auth/roles.js';
import { ApiErrors } from '../common/errors/api-errors.js';
import { Station } from '../packs/station.js';
import { StorageQuery, StoreDto } from './dto/storage.dto.js';
import { StorageService } from './storage.service.js';
import { OutdatedLabelView, StepAnswerView, StoredPackView } from '../packs/dto/step-answer.view.js';

@ApiTags('storage 无菌存放')
@ApiHeader({ name: 'X-Station', required: false })
@Controller('storage')
export class StorageController {
  constructor(private readonly storage: StorageService) {}

  @Post('scan')
  @HttpCode(200)
  @Roles('nurse', 'head_nurse')
  @ApiErrors('INVALID_BARCODE', 'UNKNOWN_BARCODE', 'LABEL_VOIDED', 'PACK_WRONG_STATE', 'LOAD_NOT_RELEASED', 'PACK_SUPERSEDED')
  @ApiOperation({ summary: 'Receive a released pack into sterile storage' })
  @ApiOkResponse({ type: StepAnswerView })
  store(@CurrentUser() actor: Actor, @Station() station: string | null, @Body() dto: StoreDto) {
    return this.storage.store({ actor, station }, dto);
  }

  @Get('packs')
  @Roles(...CSSD_STAFF)
  @ApiErrors()
  @ApiOperation({ summary: 'Packs in sterile storage, earliest expiry first' })
  @ApiOkResponse({ type: [StoredPackView] })
  list(@Query() q: StorageQuery) {
    return this.storage.list(q.templateId);
  }

  /** Packs whose printed label shows a later expiry than the one that now applies (seed 13.4): reprint them. */
  @Get('relabel')
  @Roles('nurse', 'head_nurse')
  @ApiErrors()
  @ApiOperation({ summary: 'Packs whose label shows a later expiry than now applies' })
  @ApiOkResponse({ type: [OutdatedLabelView] })
  relabel() {
    return this.storage.relabelList();
  }
}

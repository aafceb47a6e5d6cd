import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Actor } from '../common/auth/current-user.js';
import { Roles } from '../common/auth/decorators.js';
import { ApiErrors } from '../common/errors/api-errors.js';
import { Station } from '../packs/station.js';
import { PackDressingDto, PackSetDto, ReplaceInstrumentDto } from './dto/packing.dto.js';
import { ReplacementAnswerView } from './dto/packing.view.js';
import { PackingService } from './packing.service.js';
import { StepAnswerView } from '../packs/dto/step-answer.view.js';

@ApiTags('packing 检查包装')
@ApiHeader({ name: 'X-Station', required: false })
@Controller('packing')
export class PackingController {
  constructor(private readonly packing: PackingService) {}

  /** Inspect a cleaned set (the checklist: cleanliness, function, count, label, indicator tape, weight) and pack it: a new pack barcode. Any failed item sends it back to cleaning. */
  @Post('sets')
  @HttpCode(200)
  @Roles('nurse', 'head_nurse')
  @ApiErrors(
    'INVALID_BARCODE',
    'UNKNOWN_BARCODE',
    'LABEL_VOIDED',
    'PACK_WRONG_STATE',
    'PACKAGING_NOT_ALLOWED',
    'PACKAGING_METHOD_INCOMPATIBLE',
    'SECOND_PERSON_REQUIRED',
    'SECOND_PERSON_INVALID',
    'SECOND_PERSON_SAME_AS_ACTOR',
    'SECOND_PERSON_ROLE',
    'SHORTFALL_OPEN',
    'INSPECTION_WEIGHT_REQUIRED',
  )
  @ApiOperation({ summary: 'Inspect and pack a cleaned set: a new pack barcode' })
  @ApiOkResponse({ type: StepAnswerView })
  packSet(@CurrentUser() actor: Actor, @Station() station: string | null, @Body() dto: PackSetDto) {
    return this.packing.packSet({ actor, station }, dto);
  }

  /** A set that came back short gets its missing instrument replaced before packing (issue 18). */
  @Post('replacements')
  @HttpCode(200)
  @Roles('nurse', 'head_nurse')
  @ApiErrors(
    'INVALID_BARCODE',
    'UNKNOWN_BARCODE',
    'LABEL_VOIDED',
    'PACK_SUPERSEDED',
    'PACK_WRONG_STATE',
    'REPLACEMENT_NOT_SHORT',
    'REPLACEMENT_ENTRY_MISMATCH',
  )
  @ApiOperation({ summary: 'Record a replacement instrument put into a set that came back short' })
  @ApiOkResponse({ type: ReplacementAnswerView })
  replace(@CurrentUser() actor: Actor, @Station() station: string | null, @Body() dto: ReplaceInstrumentDto) {
    return this.packing.replaceInstrument({ actor, station }, dto);
  }

  @Post('dressings')
  @HttpCode(200)
  @Roles('nurse', 'head_nurse')
  @ApiErrors(
    'TEMPLATE_NOT_FOUND',
    'NOT_A_DRESSING_TEMPLATE',
    'PACKAGING_NOT_ALLOWED',
    'PACKAGING_METHOD_INCOMPATIBLE',
    'INACTIVE_REFERENCE',
    'SECOND_PERSON_REQUIRED',
    'SECOND_PERSON_INVALID',
  )
  @ApiOperation({ summary: 'Pack dressing packs from a template' })
  @ApiOkResponse({ type: [StepAnswerView] })
  packDressing(@CurrentUser() actor: Actor, @Station() station: string | null, @Body() dto: PackDressingDto) {
    return this.packing.packDressing({ actor, station }, dto);
  }
}

import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/decorators.js';
import { ApiErrors } from '../common/errors/api-errors.js';
import { LedgerSealService } from './ledger-seal.service.js';
import { LedgerVerifyView } from './ledger-seal.view.js';

@ApiTags('audit')
@Controller('audit')
export class LedgerSealController {
  constructor(private readonly ledger: LedgerSealService) {}

  /** Seals what is pending, then checks the whole tamper-evident record (§4.5). */
  @Get('verify')
  @Roles('head_nurse', 'admin')
  @ApiErrors()
  @ApiOperation({ summary: 'Check the tamper-evident record; names the first place it breaks' })
  @ApiOkResponse({ type: LedgerVerifyView })
  verify(): Promise<LedgerVerifyView> {
    return this.ledger.verify();
  }
}

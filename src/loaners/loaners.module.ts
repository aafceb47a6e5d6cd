import { Module } from '@nestjs/common';
import { RecyclingModule } from '../recycling/recycling.module.js';
import { LoanersController } from './loaners.controller.js';
import { LoanersRepository } from './loaners.repository.js';
import { LoanersService } from './loaners.service.js';

/** Loaner trays (外来医疗器械, issue 16): receipt, register, return to the lender. */
@Module({
  imports: [RecyclingModule],
  controllers: [LoanersController],
  providers: [LoanersService, LoanersRepository],
})
export class LoanersModule {}

import { Module } from '@nestjs/common';
import { DisinfectantsController } from './disinfectants.controller.js';
import { DisinfectantsRepository } from './disinfectants.repository.js';
import { DisinfectantsService } from './disinfectants.service.js';

/** The disinfectant and cleaning-agent preparation log (seed 1.2, 7.4): imports common, config, database and kernel only. */
@Module({
  controllers: [DisinfectantsController],
  providers: [DisinfectantsService, DisinfectantsRepository],
})
export class DisinfectantsModule {}

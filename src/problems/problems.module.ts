import { Module } from '@nestjs/common';
import { DepartmentProblemsController, ProblemReportsController } from './problems.controller.js';
import { ProblemReportsService } from './problem-reports.service.js';
import { ProblemsRepository } from './problems.repository.js';

@Module({
  controllers: [ProblemReportsController, DepartmentProblemsController],
  providers: [ProblemReportsService, ProblemsRepository],
  exports: [ProblemReportsService],
})
export class ProblemsModule {}

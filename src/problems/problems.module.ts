import { Module } from '@nestjs/common';
import { DepartmentProblemsController, ProblemReportsController } from './problems.controller.js';
import { ProblemReportsService } from './problem-reports.service.js';

@Module({ controllers: [ProblemReportsController, DepartmentProblemsController], providers: [ProblemReportsService], exports: [ProblemReportsService] })
export class ProblemsModule {}

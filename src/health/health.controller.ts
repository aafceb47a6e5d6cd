import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { ApiErrors } from '../common/errors/api-errors.js';
import { Public } from '../common/auth/decorators.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { HealthView } from './health.view.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  @ApiErrors()
  @ApiOperation({ summary: 'Liveness: the service and its database (503 when the database is down)' })
  @ApiOkResponse({ type: HealthView })
  async health(@Res({ passthrough: true }) res: Response) {
    let database: 'up' | 'down' = 'up';
    try {
      await this.db.query('SELECT 1');
    } catch {
      database = 'down';
    }
    // 503 so a load balancer or Compose health check takes the service out while PostgreSQL is down.
    if (database === 'down') res.status(503);
    return { status: database === 'up' ? 'ok' : 'degraded', database, version: this.config.version };
  }
}

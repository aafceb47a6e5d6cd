import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
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
  @ApiOperation({ summary: 'Liveness: the service and its database' })
  @ApiOkResponse({ type: HealthView })
  async health() {
    let database: 'up' | 'down' = 'up';
    try {
      await this.db.query('SELECT 1');
    } catch {
      database = 'down';
    }
    return { status: database === 'up' ? 'ok' : 'degraded', database, version: this.config.version };
  }
}

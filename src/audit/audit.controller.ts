import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsUUID, Matches, Max, Min } from 'class-validator';
import { ApiErrors } from '../common/errors/api-errors.js';
import { Roles } from '../common/auth/decorators.js';
import { AuditEventsService } from './audit-events.service.js';
import { AuditService } from './audit.service.js';
import { AuditEventsPage, AuditEventsQuery } from './dto/audit-events.dto.js';
import { AuditEntryView } from './dto/audit.view.js';
import { Optional } from '../common/validation.js';

export class AuditQuery {
  @ApiPropertyOptional({ example: 'set_template' }) @Optional() @Matches(/^[a-z_]{1,40}$/) entityType?: string;
  @ApiPropertyOptional() @Optional() @IsUUID() entityId?: string;
  @ApiPropertyOptional({ description: 'only entries before this instant (paging)' }) @Optional() @IsISO8601() before?: string;
  @ApiPropertyOptional({ default: 100 }) @Optional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly events: AuditEventsService,
  ) {}

  /** Catalog and user changes, newest first: who, when, before and after. */
  @Get()
  @Roles('admin', 'head_nurse')
  @ApiErrors()
  @ApiOperation({ summary: 'Catalog and user changes, newest first' })
  @ApiOkResponse({ type: [AuditEntryView] })
  list(@Query() q: AuditQuery) {
    return this.audit.list({ entityType: q.entityType, entityId: q.entityId, before: q.before, limit: q.limit ?? 100 });
  }

  /** The pack history searched (issue 15): a period of hospital days and any of the filters, newest first, paged. */
  @Get('events')
  @Roles('head_nurse', 'monitor')
  @ApiErrors('AUDIT_PERIOD_INVALID')
  @ApiOperation({ summary: 'Search the pack history: period, person, station, sterilizer, load, department, pack or set, event kind' })
  @ApiOkResponse({ type: AuditEventsPage })
  search(@Query() q: AuditEventsQuery): Promise<AuditEventsPage> {
    return this.events.search(q);
  }
}

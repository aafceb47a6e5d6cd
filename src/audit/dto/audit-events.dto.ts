import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDateString, IsInt, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { bilingual } from '../../common/validation-messages.js';
import { Id, Instant, Text } from '../../common/views.js';
import { AuditActorView } from './audit.view.js';
import { Optional } from '../../common/validation.js';

/** The search's most rows per page. */
export const AUDIT_EVENTS_MAX_PAGE = 200;

/** Search of the pack history (issue 15): a period of hospital days, then any of the filters. */
export class AuditEventsQuery {
  @ApiProperty({ example: '2026-10-01', description: 'first hospital day (time zone of the hospital)' })
  @IsDateString({ strict: true })
  @Length(10, 10)
  from: string;
  @ApiProperty({ example: '2026-10-31', description: 'last hospital day, included' })
  @IsDateString({ strict: true })
  @Length(10, 10)
  to: string;
  @ApiPropertyOptional({ description: 'the person who acted or co-signed' }) @Optional() @IsUUID() actorId?: string;
  @ApiPropertyOptional({ example: 'PACK-1', description: 'the station (X-Station) the step was recorded at' })
  @Optional()
  @Matches(/^[\w.:-]{1,64}$/, { message: bilingual('station 格式无效', 'station is not a valid station name') })
  station?: string;
  @ApiPropertyOptional() @Optional() @IsUUID() sterilizerId?: string;
  @ApiPropertyOptional() @Optional() @IsUUID() loadId?: string;
  @ApiPropertyOptional({ description: 'dispatched to, collected from, or acted on by its staff' })
  @Optional()
  @IsUUID()
  departmentId?: string;
  @ApiPropertyOptional({ description: 'a pack label' })
  @Optional()
  @Matches(/^[A-Za-z0-9]{1,20}$/, { message: bilingual('barcode 格式无效', 'barcode is not a valid pack barcode') })
  barcode?: string;
  @ApiPropertyOptional({ description: "an instrument set's asset code" })
  @Optional()
  @Matches(/^[\w.-]{1,40}$/, { message: bilingual('setCode 格式无效', 'setCode is not a valid set code') })
  setCode?: string;
  @ApiPropertyOptional({ example: 'dispatch', description: 'event kind' })
  @Optional()
  @Matches(/^[a-z_]{1,32}$/, { message: bilingual('type 格式无效', 'type is not an event kind') })
  type?: string;
  @ApiPropertyOptional({ description: 'paging: only events before this event id (the previous page’s nextBefore)' })
  @Optional()
  @Matches(/^\d{1,19}$/, { message: bilingual('before 必须是事件编号', 'before must be an event id') })
  before?: string;
  @ApiPropertyOptional({ default: 50, maximum: AUDIT_EVENTS_MAX_PAGE })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(AUDIT_EVENTS_MAX_PAGE)
  limit?: number;
}

export class AuditEventView {
  @Text({ description: 'event id (a 64-bit integer as a string)' }) id: string;
  @Instant() at: string;
  @Text({ example: 'dispatch' }) type: string;
  @Text({ nullable: true }) fromState: string | null;
  @Text() toState: string;
  @ApiProperty({ type: AuditActorView, nullable: true }) actor: AuditActorView | null;
  @ApiProperty({ type: AuditActorView, nullable: true }) secondActor: AuditActorView | null;
  @Text({ nullable: true }) station: string | null;
  @Id() packId: string;
  @Text({ nullable: true }) barcode: string | null;
  @Text({ nullable: true, description: "the instrument set's asset code" }) setCode: string | null;
  @Id({ nullable: true }) loadId: string | null;
  @Id({ nullable: true, description: 'the department the step concerns (dispatched to, collected from)' }) departmentId: string | null;
}

export class AuditEventsPage {
  @ApiProperty({ type: [AuditEventView] }) items: AuditEventView[];
  @Text({ nullable: true, description: 'pass as `before` for the next page; null on the last page' }) nextBefore: string | null;
}

import { ApiProperty } from '@nestjs/swagger';
import { Id, Instant, Text } from '../../common/views.js';

export class AuditActorView {
  @Id() id: string;
  @Text() username: string;
  @Text() displayName: string;
}

/** One catalog or user change: who, when, the row before and after (secrets left out). */
export class AuditEntryView {
  @Text({ description: 'entry number (a 64-bit integer as a string)' }) id: string;
  @Instant() at: string;
  @Id({ nullable: true }) actorId: string | null;
  /** `archive`: an archival of old records (entity type `archive_run`; the operator is in `after`, not a user of the service). */
  @ApiProperty({ enum: ['create', 'update', 'deactivate', 'activate', 'add_certification', 'archive'] }) action: string;
  @Text({ example: 'set_template' }) entityType: string;
  @Id() entityId: string;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) before: Record<string, unknown> | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) after: Record<string, unknown> | null;
  @ApiProperty({ type: AuditActorView, nullable: true }) actor: AuditActorView | null;
}

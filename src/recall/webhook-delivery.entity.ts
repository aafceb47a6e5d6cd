import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Each attempt to POST a department notice to the configured webhook, recorded. */
@Entity('webhook_deliveries')
@Index('ix_webhook_deliveries_notice', ['noticeId', 'attempt'])
export class WebhookDelivery {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' }) id: string;
  @Column({ type: 'uuid' }) noticeId: string;
  @Column({ type: 'integer' }) attempt: number;
  @Column({ type: 'integer', nullable: true }) httpStatus: number | null;
  @Column({ type: 'boolean' }) delivered: boolean;
  @Column({ type: 'varchar', length: 300, nullable: true }) error: string | null;
  @Column({ type: 'timestamptz' }) at: Date;
}

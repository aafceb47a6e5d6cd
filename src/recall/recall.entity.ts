import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const RECALL_TRIGGERS = ['bi_failed', 'chemical_failed', 'physical_failed', 'infection_cluster', 'manual'] as const;
export type RecallTrigger = (typeof RECALL_TRIGGERS)[number];

/** A recall (§4.4): why, what it covers, who opened and closed it. */
@Entity('recalls')
@Index('ix_recalls_opened', ['openedAt'])
@Check('ck_recalls_trigger', `trigger IN ('bi_failed', 'chemical_failed', 'physical_failed', 'infection_cluster', 'manual')`)
@Check('ck_recalls_status', `status IN ('open', 'closed')`)
export class Recall {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 20 }) trigger: RecallTrigger;
  @Column({ type: 'varchar', length: 300 }) reason: string;
  /** How the scope was computed: sterilizers, loads, anchor (last passing BI), time range. */
  @Column({ type: 'jsonb' }) scope: Record<string, unknown>;
  @Column({ type: 'varchar', length: 10, default: 'open' }) status: 'open' | 'closed';
  @Column({ type: 'uuid' }) openedBy: string;
  @Column({ type: 'timestamptz' }) openedAt: Date;
  @Column({ type: 'uuid', nullable: true }) closedBy: string | null;
  @Column({ type: 'timestamptz', nullable: true }) closedAt: Date | null;
  @Column({ type: 'varchar', length: 300, nullable: true }) closeNote: string | null;
  // The closing record (seed 19.4): required to close, fixed once closed.
  /** What caused it, as the investigation found. */
  @Column({ type: 'varchar', length: 300, nullable: true }) cause: string | null;
  /** What was done with the packs that came back: reprocessed as new cycles, or discarded. */
  @Column({ type: 'integer', nullable: true }) reprocessedCount: number | null;
  @Column({ type: 'integer', nullable: true }) discardedCount: number | null;
  /** To whom it was reported (infection control, the medical department, the authority) and when. */
  @Column({ type: 'varchar', length: 200, nullable: true }) reportedTo: string | null;
  @Column({ type: 'timestamptz', nullable: true }) reportedAt: Date | null;
  /** The head nurse's conclusion. */
  @Column({ type: 'varchar', length: 500, nullable: true }) conclusion: string | null;
}

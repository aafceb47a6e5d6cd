import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { AREAS, type Area } from '../disinfectants/preparation.entity.js';
import type { CheckItem, ShiftCode } from './shifts.js';

/** The CSSD's zones (§2): the three areas the code already names (src/disinfectants). */
export const HANDOVER_ZONES = AREAS;
export type HandoverZone = Area;
export const HANDOVER_ZONE_NAMES: Record<HandoverZone, { zh: string; en: string }> = {
  decontamination: { zh: '去污区', en: 'Decontamination area' },
  packing: { zh: '检查包装及灭菌区', en: 'Inspection, packing & sterilization area' },
  sterile_storage: { zh: '无菌物品存放区', en: 'Sterile storage area' },
};

/** What the outgoing nurse saw when she drafted the note (the snapshot stored with it, never recomputed). */
export interface HandoverSnapshot {
  takenAt: string;
  loads: { loadId: string; sterilizerCode: string; cycleNo: number; status: string; openedAt: string }[];
  bisIncubating: {
    biId: string;
    lot: string;
    sterilizerCode: string;
    cycleNo: number;
    placedAt: string;
    earliestReadAt: string | null;
    readable: boolean;
  }[];
  recalls: { recallId: string; reasonZh: string; reasonEn: string; openedAt: string; total: number }[];
  equipment: { equipmentId: string; code: string; nameZh: string; nameEn: string; status: string; openFaults: number }[];
  correctiveActions: { id: string; whatZh: string; whatEn: string; responsibleName: string; dueDate: string; overdue: boolean }[];
}

/** One answer of the end-of-shift checklist: done, or not done with the reason. */
export interface ChecklistAnswer {
  item: CheckItem;
  done: boolean;
  reason: string | null;
}

/**
 * A shift handover (交接班记录, seed 17): for a hospital day, a shift and a zone, written by the
 * outgoing nurse (`authorId`) with what the system showed at that moment (`snapshot`) and her notes.
 * History: never changed; the checklist, the signatures and the corrections are rows of their own.
 */
@Entity('shift_handovers')
@Index('ix_shift_handovers_slot', ['day', 'shift', 'zone'])
@Check('ck_shift_handovers_shift', `shift IN ('early', 'middle', 'night')`)
@Check('ck_shift_handovers_zone', `zone IN ('decontamination', 'packing', 'sterile_storage')`)
export class ShiftHandover {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_shift_handovers' }) id: string;
  @Column({ type: 'date' }) day: string;
  @Column({ type: 'varchar', length: 10 }) shift: ShiftCode;
  @Column({ type: 'varchar', length: 20 }) zone: HandoverZone;
  @Column({ type: 'jsonb' }) snapshot: HandoverSnapshot;
  @Column({ type: 'varchar', length: 2000 }) notes: string;
  @Column({ type: 'uuid' }) authorId: string;
  @Column({ type: 'timestamptz' }) draftedAt: Date;
}

/** The end-of-shift checklist as recorded; recorded again while the note is a draft, the latest counts. */
@Entity('shift_handover_checklists')
@Index('uq_shift_handover_checklists_seq', ['handoverId', 'seq'], { unique: true })
@Check('ck_shift_handover_checklists_seq', `seq >= 1`)
export class ShiftHandoverChecklist {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_shift_handover_checklists' }) id: string;
  @Column({ type: 'uuid' }) handoverId: string;
  /** 1, 2, …: the latest is the one in force. */
  @Column({ type: 'smallint' }) seq: number;
  @ManyToOne(() => ShiftHandover, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'handover_id', foreignKeyConstraintName: 'fk_shift_handover_checklists_handover' })
  handover?: Relation<ShiftHandover>;
  @Column({ type: 'jsonb' }) items: ChecklistAnswer[];
  @Column({ type: 'uuid' }) recordedBy: string;
  @Column({ type: 'timestamptz' }) recordedAt: Date;
}

/**
 * A signature: the outgoing nurse (the author) signs the note out, then the incoming nurse — another
 * person — signs it in, each with their own badge + PIN (§5). Once each; signed in, the note is closed.
 */
@Entity('shift_handover_signatures')
@Index('uq_shift_handover_signatures_role', ['handoverId', 'role'], { unique: true })
@Check('ck_shift_handover_signatures_role', `role IN ('outgoing', 'incoming')`)
export class ShiftHandoverSignature {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_shift_handover_signatures' }) id: string;
  @Column({ type: 'uuid' }) handoverId: string;
  @ManyToOne(() => ShiftHandover, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'handover_id', foreignKeyConstraintName: 'fk_shift_handover_signatures_handover' })
  handover?: Relation<ShiftHandover>;
  @Column({ type: 'varchar', length: 10 }) role: 'outgoing' | 'incoming';
  /** Who signed (authenticated by their badge + PIN). */
  @Column({ type: 'uuid' }) signerId: string;
  /** Who was signed in at the station. */
  @Column({ type: 'uuid' }) recordedBy: string;
  @Column({ type: 'timestamptz' }) signedAt: Date;
}

/**
 * A correction of a signed note: the text in force again, naming the entry it corrects (the note
 * itself — the handover's id — or the latest correction), with the reason. Each entry is corrected once.
 */
@Entity('shift_handover_corrections')
@Index('uq_shift_handover_corrections_corrects', ['correctsId'], { unique: true })
@Index('uq_shift_handover_corrections_seq', ['handoverId', 'seq'], { unique: true })
@Check('ck_shift_handover_corrections_seq', `seq >= 1`)
export class ShiftHandoverCorrection {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_shift_handover_corrections' }) id: string;
  @Column({ type: 'uuid' }) handoverId: string;
  /** 1, 2, …: the latest is the one in force. */
  @Column({ type: 'smallint' }) seq: number;
  @ManyToOne(() => ShiftHandover, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'handover_id', foreignKeyConstraintName: 'fk_shift_handover_corrections_handover' })
  handover?: Relation<ShiftHandover>;
  @Column({ type: 'uuid' }) correctsId: string;
  @Column({ type: 'varchar', length: 2000 }) notes: string;
  @Column({ type: 'varchar', length: 200 }) reason: string;
  @Column({ type: 'uuid' }) recordedBy: string;
  @Column({ type: 'timestamptz' }) recordedAt: Date;
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Statements } from '../database/statements.js';
import type { ChecklistAnswer, HandoverSnapshot, HandoverZone } from './shift-handover.entity.js';
import type { ShiftCode } from './shifts.js';

type Db = DataSource | EntityManager;

/** A handover with its checklist in force, its signatures and its corrections (oldest first). */
const HANDOVERS = `SELECT h.id, h.day::text AS day, h.shift, h.zone, h.snapshot, h.notes AS "draftNotes", h.author_id AS "authorId",
              coalesce(au.display_name, '') AS "authorName", h.drafted_at AS "draftedAt",
              c.items AS "checklistItems", c.recorded_by AS "checklistBy", coalesce(cu.display_name, '') AS "checklistByName",
              c.recorded_at AS "checklistAt",
              so.signer_id AS "outSigner", coalesce(sou.display_name, '') AS "outSignerName", so.recorded_by AS "outBy", so.signed_at AS "outAt",
              si.signer_id AS "inSigner", coalesce(siu.display_name, '') AS "inSignerName", si.recorded_by AS "inBy", si.signed_at AS "inAt",
              coalesce((SELECT json_agg(json_build_object('id', x.id, 'seq', x.seq, 'correctsId', x.corrects_id, 'notes', x.notes,
                                                          'reason', x.reason, 'recordedBy', x.recorded_by,
                                                          'recordedByName', coalesce(xu.display_name, ''), 'recordedAt', x.recorded_at)
                                        ORDER BY x.seq)
                          FROM shift_handover_corrections x LEFT JOIN users xu ON xu.id = x.recorded_by
                         WHERE x.handover_id = h.id), '[]'::json) AS corrections
         FROM shift_handovers h
         LEFT JOIN users au ON au.id = h.author_id
         LEFT JOIN LATERAL (SELECT * FROM shift_handover_checklists k WHERE k.handover_id = h.id ORDER BY k.seq DESC LIMIT 1) c ON true
         LEFT JOIN users cu ON cu.id = c.recorded_by
         LEFT JOIN shift_handover_signatures so ON so.handover_id = h.id AND so.role = 'outgoing'
         LEFT JOIN users sou ON sou.id = so.signer_id
         LEFT JOIN shift_handover_signatures si ON si.handover_id = h.id AND si.role = 'incoming'
         LEFT JOIN users siu ON siu.id = si.signer_id`;

/** The shift handover's SQL, by name (snapshotted in test/contract/sql-statements.spec.ts). */
export const SHIFT_HANDOVER_SQL = {
  /** The handovers of days [$1, $2] (hospital dates), of zone $3 or all: the latest day first, then shift and zone; 500 at most. */
  list: `${HANDOVERS}
        WHERE h.day BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR h.zone = $3)
        ORDER BY h.day DESC, array_position(ARRAY['night', 'middle', 'early'], h.shift::text), h.zone, h.drafted_at, h.id LIMIT 500`,
  one: `${HANDOVERS} WHERE h.id = $1`,
  /** A handover of day $1, shift $2, zone $3 not yet signed in by the incoming nurse (ix_shift_handovers_slot). */
  openInSlot: `SELECT h.id FROM shift_handovers h
        WHERE h.day = $1::date AND h.shift = $2 AND h.zone = $3
          AND NOT EXISTS (SELECT 1 FROM shift_handover_signatures s WHERE s.handover_id = h.id AND s.role = 'incoming')
        LIMIT 1`,
  /** What the rules of handover $1 need: its author, its last checklist and correction, and who signed. */
  state: `SELECT h.id, h.author_id AS "authorId",
              (SELECT coalesce(max(k.seq), 0)::int FROM shift_handover_checklists k WHERE k.handover_id = h.id) AS "checklistSeq",
              (SELECT x.id FROM shift_handover_corrections x WHERE x.handover_id = h.id ORDER BY x.seq DESC LIMIT 1) AS "lastCorrectionId",
              (SELECT coalesce(max(x.seq), 0)::int FROM shift_handover_corrections x WHERE x.handover_id = h.id) AS "correctionSeq",
              EXISTS (SELECT 1 FROM shift_handover_signatures s WHERE s.handover_id = h.id AND s.role = 'outgoing') AS "signedOut",
              EXISTS (SELECT 1 FROM shift_handover_signatures s WHERE s.handover_id = h.id AND s.role = 'incoming') AS "signedIn"
         FROM shift_handovers h WHERE h.id = $1`,
  /** Whether $2 is an entry of handover $1: its own id, or one of its corrections. */
  isEntry: `SELECT 1 FROM shift_handovers h WHERE h.id = $1 AND h.id = $2
        UNION ALL SELECT 1 FROM shift_handover_corrections x WHERE x.handover_id = $1 AND x.id = $2`,
  /**
   * Serialises the drafts of one slot (day $1, shift $2, zone $3): two nurses drafting at once cannot
   * both find it free. The rows are history (no row lock, which needs UPDATE).
   */
  lockSlot: `SELECT pg_advisory_xact_lock(hashtext('shift-handover-slot:' || $1::text || ':' || $2::text || ':' || $3::text))`,
  /** Serialises the steps of handover $1 (checklist, signatures, corrections). */
  lock: `SELECT pg_advisory_xact_lock(hashtext('shift-handover:' || $1::text))`,
  /** The codes of sterilizers $1 (the catalog's reference data), for the snapshot's loads. */
  sterilizerCodes: `SELECT id, code FROM sterilizers WHERE id = ANY($1::uuid[])`,
} as const satisfies Statements;

export interface HandoverRow {
  id: string;
  day: string;
  shift: ShiftCode;
  zone: HandoverZone;
  snapshot: HandoverSnapshot;
  draftNotes: string;
  authorId: string;
  authorName: string;
  draftedAt: Date;
  checklistItems: ChecklistAnswer[] | null;
  checklistBy: string | null;
  checklistByName: string;
  checklistAt: Date | null;
  outSigner: string | null;
  outSignerName: string;
  outBy: string | null;
  outAt: Date | null;
  inSigner: string | null;
  inSignerName: string;
  inBy: string | null;
  inAt: Date | null;
  corrections: {
    id: string;
    seq: number;
    correctsId: string;
    notes: string;
    reason: string;
    recordedBy: string;
    recordedByName: string;
    recordedAt: string;
  }[];
}

export interface HandoverState {
  id: string;
  authorId: string;
  checklistSeq: number;
  lastCorrectionId: string | null;
  correctionSeq: number;
  signedOut: boolean;
  signedIn: boolean;
}

const first = <T>(rows: T[]): T | undefined => rows[0];

/** Every query of the shift handover; the service holds the rules. */
@Injectable()
export class ShiftHandoverRepository {
  static readonly statements = SHIFT_HANDOVER_SQL;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  list(fromDay: string, toDay: string, zone: string | null): Promise<HandoverRow[]> {
    return this.db.query(SHIFT_HANDOVER_SQL.list, [fromDay, toDay, zone]);
  }

  one(m: Db, id: string): Promise<HandoverRow | undefined> {
    return m.query(SHIFT_HANDOVER_SQL.one, [id]).then(first<HandoverRow>);
  }

  openInSlot(m: Db, day: string, shift: string, zone: string): Promise<string | undefined> {
    return m.query(SHIFT_HANDOVER_SQL.openInSlot, [day, shift, zone]).then((r: { id: string }[]) => r[0]?.id);
  }

  state(m: Db, id: string): Promise<HandoverState | undefined> {
    return m.query(SHIFT_HANDOVER_SQL.state, [id]).then(first<HandoverState>);
  }

  isEntry(m: Db, handoverId: string, entryId: string): Promise<boolean> {
    return m.query(SHIFT_HANDOVER_SQL.isEntry, [handoverId, entryId]).then((r: unknown[]) => r.length > 0);
  }

  async lockSlot(m: EntityManager, day: string, shift: string, zone: string): Promise<void> {
    await m.query(SHIFT_HANDOVER_SQL.lockSlot, [day, shift, zone]);
  }

  sterilizerCodes(m: Db, ids: string[]): Promise<{ id: string; code: string }[]> {
    return m.query(SHIFT_HANDOVER_SQL.sterilizerCodes, [ids]);
  }

  async lock(m: EntityManager, id: string): Promise<void> {
    await m.query(SHIFT_HANDOVER_SQL.lock, [id]);
  }
}

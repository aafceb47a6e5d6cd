import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InstrumentSet } from '../catalog/instrument-set.entity.js';
import { hydrate } from '../database/hydrate.js';
import { preparedQuery } from '../database/prepared.js';
import { sqlText, type ColumnsOf, type Statement, type Statements } from '../database/statements.js';
import { Pack } from '../kernel/pack.entity.js';

/** The condition on `packs` that picks a set's current cycle: its newest pack. */
function currentPackOf(setIdSql: string): string {
  return `id = (SELECT id FROM packs WHERE set_id = ${setIdSql} ORDER BY created_at DESC, id DESC LIMIT 1)`;
}

/**
 * The pack ledger's statements with a fixed text, by name (snapshotted in
 * test/contract/sql-statements.spec.ts; scripts/explain-chain.mjs explains the locking lookups).
 * The moves, the new pack and the recall's set-based move are built per call from the columns
 * they set (PACK_LEDGER_SQL below).
 */
export const PACKS_SQL = {
  /** The pack with label $1, locked: every station's scan. */
  lockByBarcode: (columns) => `SELECT ${columns(Pack)} FROM packs WHERE barcode = $1 FOR UPDATE`,
  /** The current cycle (newest pack) of the set with asset code $1, locked: the pre-packing stations. */
  lockCurrentBySetCode: (columns) =>
    `SELECT ${columns(Pack)} FROM packs WHERE ${currentPackOf(`(SELECT id FROM instrument_sets WHERE asset_code = $1)`)} FOR UPDATE`,
  /** The current cycle (newest pack) of set $1, locked: recycling. */
  lockCurrentOfSet: (columns) => `SELECT ${columns(Pack)} FROM packs WHERE ${currentPackOf('$1')} FOR UPDATE`,
  /** The set with asset code $1, locked: recycling the same set at two stations cannot both win. */
  lockSet: (columns) => `SELECT ${columns(InstrumentSet)} FROM instrument_sets WHERE asset_code = $1 FOR UPDATE`,
  /** The department of the pack whose voided label is $1. */
  voidedLabelDepartment: `SELECT p.department_id FROM voided_labels v JOIN packs p ON p.id = v.pack_id WHERE v.barcode = $1`,
  /** Pack $1's cycle is over: superseded by pack $2 (at $3). */
  supersede: `UPDATE packs SET replaced_by_pack_id = $2, updated_at = $3 WHERE id = $1`,
  /** The next pack barcode's number. */
  nextBarcode: `SELECT nextval('pack_barcode_seq') AS n`,
  /**
   * An event that leaves the pack's state ($3) as it is. Its transaction takes its transaction id
   * before the event takes its id (the filter runs before the row's defaults): the tallies' and the
   * sealer's settled wait can only wait for a transaction that has one (src/database/settled.ts),
   * and this event may be its transaction's first write. The other event writes update or insert a
   * pack first.
   */
  recordEvent: `INSERT INTO pack_events (pack_id, type, from_state, to_state, actor_id, second_actor_id, station, data, at)
       SELECT $1, $2, $3, $3, $4, $5, $6, $7::jsonb, $8 WHERE pg_current_xact_id() IS NOT NULL`,
} as const satisfies Statements;

/** A pack column a ledger statement sets: its property, its column and its SQL type. */
export interface PackColumn {
  prop: string;
  name: string;
  type: string;
}

/**
 * The pack ledger's writes whose text depends on the call: which columns a move or a new pack
 * sets, which packs a set-based move selects. Built here, from those alone; the ledger
 * (pack-ledger.service.ts) decides what moves. test/contract/sql-statements.spec.ts snapshots
 * each for representative inputs and checks that PostgreSQL accepts them.
 */
export const PACK_LEDGER_SQL = {
  /**
   * Moves the packs of $1 (a jsonb array of {id, ord, from_state, to_state, type, data, second,
   * and per column its value and whether it is set}) that are still in their from_state, with one
   * event each by actor $2 at station $3, at $4; answers each moved pack's names and the events'
   * count.
   */
  move: (columns: readonly PackColumn[]): string => {
    const recordType = [
      'id uuid',
      'ord int',
      'from_state text',
      'to_state text',
      'type text',
      'data jsonb',
      'second uuid',
      ...columns.flatMap((c) => [`${c.name} ${c.type}`, `${c.name}__set boolean`]),
    ];
    const sets = columns.map((c) => `${c.name} = CASE WHEN x.${c.name}__set THEN x.${c.name} ELSE p.${c.name} END, `).join('');
    return `WITH x AS (
          SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(${recordType.join(', ')})
        ), moved AS (
          UPDATE packs p SET state = x.to_state, ${sets}updated_at = $4
          FROM x WHERE p.id = x.id AND p.state = x.from_state RETURNING p.id, p.template_id, p.set_id
        ), events AS (
          INSERT INTO pack_events (pack_id, type, from_state, to_state, actor_id, second_actor_id, station, data, at)
          SELECT x.id, x.type, x.from_state, x.to_state, $2, x.second, $3, x.data, $4 FROM x JOIN moved USING (id) ORDER BY x.ord
          RETURNING 1
        )
        SELECT mv.id, t.code, t.name_zh, t.name_en, s.asset_code, (SELECT count(*) FROM events)::int AS events
          FROM moved mv JOIN set_templates t ON t.id = mv.template_id LEFT JOIN instrument_sets s ON s.id = mv.set_id`;
  },
  /**
   * Moves every pack selected by `idsSql` (its parameters $1..$n) that is in one of the states
   * $n+1 to state $n+2, with one event of type $n+3 each by actor $n+4 at station $n+5, data
   * $n+6, at $n+7: a recall of thousands of packs in one statement.
   */
  moveMany: (idsSql: string, n: number): string => `WITH old AS (
          SELECT id, state FROM packs WHERE id IN (${idsSql}) AND state = ANY($${n + 1}::text[]) ORDER BY id FOR UPDATE
        ), moved AS (
          UPDATE packs p SET state = $${n + 2}, updated_at = $${n + 7} FROM old WHERE p.id = old.id RETURNING p.id, old.state AS from_state
        )
        INSERT INTO pack_events (pack_id, type, from_state, to_state, actor_id, station, data, at)
        SELECT id, $${n + 3}, from_state, $${n + 2}, $${n + 4}, $${n + 5}, $${n + 6}::jsonb, $${n + 7} FROM moved
        RETURNING pack_id`,
  /**
   * A new pack with the given columns ($1..$n) and its first event (type $n+1, actor $n+2, second
   * person $n+3, station $n+4, data $n+5, at $n+6), answering the pack (`packColumns`, its select
   * list) with its template's and set's names.
   */
  create: (columns: readonly PackColumn[], packColumns: ColumnsOf): string => {
    const n = columns.length;
    return `WITH p AS (
          INSERT INTO packs (${columns.map((c) => c.name).join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING ${packColumns(Pack)}
        ), e AS (
          INSERT INTO pack_events (pack_id, type, from_state, to_state, actor_id, second_actor_id, station, data, at)
          SELECT p.id, $${n + 1}, NULL, p.state, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}::jsonb, $${n + 6} FROM p
          RETURNING 1
        )
        SELECT ${packColumns(Pack, 'p')}, t.code AS "__code", t.name_zh AS "__name_zh", t.name_en AS "__name_en", s.asset_code AS "__asset_code", (SELECT count(*) FROM e)::int AS "__events"
          FROM p JOIN set_templates t ON t.id = p.template_id LEFT JOIN instrument_sets s ON s.id = p.set_id`;
  },
} as const;

/** The pack ledger's lookups and fixed writes; the ledger keeps the state machine, callers the transaction. */
@Injectable()
export class PacksRepository {
  static readonly statements = PACKS_SQL;

  lockByBarcode(m: EntityManager, barcode: string): Promise<Pack | null> {
    return lockOne(m, Pack, PACKS_SQL.lockByBarcode, [barcode]);
  }

  lockCurrentBySetCode(m: EntityManager, assetCode: string): Promise<Pack | null> {
    return lockOne(m, Pack, PACKS_SQL.lockCurrentBySetCode, [assetCode]);
  }

  lockCurrentOfSet(m: EntityManager, setId: string): Promise<Pack | null> {
    return lockOne(m, Pack, PACKS_SQL.lockCurrentOfSet, [setId]);
  }

  lockSet(m: EntityManager, assetCode: string): Promise<InstrumentSet | null> {
    return lockOne(m, InstrumentSet, PACKS_SQL.lockSet, [assetCode]);
  }

  /** The department of the pack a voided label belonged to; undefined for a barcode never voided. */
  async voidedLabelDepartment(m: EntityManager, barcode: string): Promise<{ department_id: string | null } | undefined> {
    const [row] = await m.query(PACKS_SQL.voidedLabelDepartment, [barcode]);
    return row;
  }

  async supersede(m: EntityManager, previousId: string, nextId: string, at: Date): Promise<void> {
    await preparedQuery(m, PACKS_SQL.supersede, [previousId, nextId, at]);
  }

  async nextBarcodeNumber(m: EntityManager): Promise<bigint> {
    const [row] = await m.query(PACKS_SQL.nextBarcode);
    return BigInt(row.n);
  }

  async recordEvent(
    m: EntityManager,
    e: {
      packId: string;
      type: string;
      state: string;
      actorId: string;
      secondActorId: string | null;
      station: string | null;
      data: string;
      at: Date;
    },
  ): Promise<void> {
    await preparedQuery(m, PACKS_SQL.recordEvent, [e.packId, e.type, e.state, e.actorId, e.secondActorId, e.station, e.data, e.at]);
  }
}

/**
 * One row locked FOR UPDATE through a prepared statement (the stations' hottest query, without the
 * query builder's cost), hydrated as TypeORM would. The statement must select at most one row.
 */
async function lockOne<T extends Pack | InstrumentSet>(
  m: EntityManager,
  target: new () => T,
  statement: Statement,
  params: unknown[],
): Promise<T | null> {
  const rows = await preparedQuery(m, sqlText(m, statement), params);
  return rows.length === 0 ? null : hydrate(m, target, rows[0]);
}

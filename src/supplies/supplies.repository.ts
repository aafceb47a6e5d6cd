import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Statements } from '../database/statements.js';
import type { LicenceInForce } from './licence-check.js';

type Db = DataSource | EntityManager;

/** A batch is blocked while an adverse event on it is open, or was closed without clearing it. */
const BLOCKED = `EXISTS (SELECT 1 FROM supply_adverse_events e WHERE e.batch_id = b.id
                    AND NOT EXISTS (SELECT 1 FROM supply_adverse_event_closures c WHERE c.event_id = e.id AND c.batch_released))`;
const ON_HAND = `coalesce((SELECT sum(m.quantity) FROM supply_movements m WHERE m.batch_id = b.id), 0)::int`;

export interface BatchRow {
  id: string;
  productId: string;
  productCode: string;
  nameZh: string;
  nameEn: string;
  specification: string;
  lotNumber: string;
  expiryDate: string;
  onHand: number;
  blocked: boolean;
}

export interface LicenceRow extends LicenceInForce {
  id: string;
  supplierId: string | null;
  productId: string | null;
  correctsId: string | null;
  reason: string | null;
  recordedAt: Date;
}

const BATCHES = `SELECT b.id, b.product_id AS "productId", p.code AS "productCode", p.name_zh AS "nameZh", p.name_en AS "nameEn",
                        p.specification, b.lot_number AS "lotNumber", b.expiry_date::text AS "expiryDate",
                        ${ON_HAND} AS "onHand", ${BLOCKED} AS blocked
                   FROM supply_batches b JOIN supply_products p ON p.id = b.product_id`;

const LICENCES = `SELECT l.id, l.supplier_id AS "supplierId", l.product_id AS "productId", l.kind, l.number, l.valid_until::text AS "validUntil",
                         l.corrects_id AS "correctsId", l.reason, l.recorded_at AS "recordedAt"
                    FROM supply_licences l`;

/** Supplies' SQL, by name (snapshotted in test/contract/sql-statements.spec.ts). */
export const SUPPLIES_SQL = {
  /** The licences in force of holders ($1: supplier ids, $2: product ids): per holder and kind, the latest row no other row corrects. */
  licencesInForce: `SELECT DISTINCT ON (x."supplierId", x."productId", x.kind) x.* FROM (${LICENCES}
         WHERE (l.supplier_id = ANY($1::uuid[]) OR l.product_id = ANY($2::uuid[]))
           AND NOT EXISTS (SELECT 1 FROM supply_licences c WHERE c.corrects_id = l.id)) x
        ORDER BY x."supplierId", x."productId", x.kind, x."recordedAt" DESC`,
  /** One licence row by id ($1). */
  licence: `${LICENCES} WHERE l.id = $1`,
  /** A row if another licence row corrects licence $1. */
  isCorrected: `SELECT 1 FROM supply_licences WHERE corrects_id = $1`,
  /** The suppliers by code, 500 at most. */
  suppliers: `SELECT id, code, name_zh AS "nameZh", name_en AS "nameEn", created_at AS "createdAt" FROM supply_suppliers ORDER BY code LIMIT 500`,
  /** The products with their supplier (only product $1 when it is not null), by code, 500 at most. */
  products: `SELECT p.id, p.code, p.name_zh AS "nameZh", p.name_en AS "nameEn", p.specification, p.manufacturer, p.imported,
              p.supplier_id AS "supplierId", s.code AS "supplierCode", s.name_zh AS "supplierNameZh", s.name_en AS "supplierNameEn"
         FROM supply_products p JOIN supply_suppliers s ON s.id = p.supplier_id
        WHERE ($1::uuid IS NULL OR p.id = $1) ORDER BY p.code LIMIT 500`,
  /** Creates the batch of product $1 and lot $2 (expiry $3, created at $4) unless it exists. */
  createBatch: `INSERT INTO supply_batches (product_id, lot_number, expiry_date, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (product_id, lot_number) DO NOTHING`,
  /** Locks the batch of product $1 and lot $2, with its expiry date. */
  lockBatch: `SELECT id, expiry_date::text AS "expiryDate" FROM supply_batches WHERE product_id = $1 AND lot_number = $2 FOR UPDATE`,
  /** Locks the batches of product $1 or with ids $2, in id order (so that two issues or a stocktake serialize on them). */
  lockBatches: `SELECT id FROM supply_batches WHERE product_id = $1 OR id = ANY($2::uuid[]) ORDER BY id FOR UPDATE`,
  /** The batches of product $1 or with ids $2, with stock and blocked flag, first-expiring first. */
  batches: `${BATCHES} WHERE b.product_id = $1 OR b.id = ANY($2::uuid[]) ORDER BY b.expiry_date, b.created_at, b.id`,
  /** One batch ($1) with its stock and blocked flag. */
  batch: `${BATCHES} WHERE b.id = $1`,
  /** Stock per batch: the ones with stock or blocked (every batch when $1), first-expiring first; 500 at most. */
  stock: `SELECT * FROM (${BATCHES}) x WHERE $1 OR x."onHand" <> 0 OR x.blocked ORDER BY x."productCode", x."expiryDate", x."lotNumber" LIMIT 500`,
  /** The departments batch $1 was issued to. */
  departmentsHolding: `SELECT DISTINCT department_id AS id FROM supply_movements WHERE batch_id = $1 AND kind = 'issue' ORDER BY 1`,
  /** A row if batch $1 was issued to department $2. */
  wasIssuedTo: `SELECT 1 FROM supply_movements WHERE batch_id = $1 AND department_id = $2 AND kind = 'issue' LIMIT 1`,
  /** What was issued to department $1, newest first (200 at most), each with whether its batch is blocked now. */
  received: `SELECT mv.id, mv.at, -mv.quantity AS quantity, b.id AS "batchId", b.lot_number AS "lotNumber", b.expiry_date::text AS "expiryDate",
              p.code AS "productCode", p.name_zh AS "nameZh", p.name_en AS "nameEn", p.specification, ${BLOCKED} AS blocked
         FROM supply_movements mv JOIN supply_batches b ON b.id = mv.batch_id JOIN supply_products p ON p.id = b.product_id
        WHERE mv.department_id = $1 AND mv.kind = 'issue' ORDER BY mv.at DESC LIMIT 200`,
  /** Adverse events (filters when not null: department $1, status $2 'open'/'closed', id $3), open first, newest first; 200 at most. */
  adverseEvents: `SELECT e.id, e.kind, e.occurred_at AS "occurredAt", e.description, e.outcome, e.reported_at AS "reportedAt",
              ru.display_name AS "reportedByName", e.department_id AS "departmentId", d.code AS "departmentCode",
              d.name_zh AS "departmentNameZh", d.name_en AS "departmentNameEn",
              b.id AS "batchId", b.lot_number AS "lotNumber", b.expiry_date::text AS "expiryDate",
              p.code AS "productCode", p.name_zh AS "nameZh", p.name_en AS "nameEn", p.specification,
              c.investigation, c.batch_released AS "batchReleased", c.closed_at AS "closedAt", cu.display_name AS "closedByName"
         FROM supply_adverse_events e
         JOIN supply_batches b ON b.id = e.batch_id JOIN supply_products p ON p.id = b.product_id
         LEFT JOIN departments d ON d.id = e.department_id
         LEFT JOIN users ru ON ru.id = e.reported_by
         LEFT JOIN supply_adverse_event_closures c ON c.event_id = e.id
         LEFT JOIN users cu ON cu.id = c.closed_by
        WHERE ($1::uuid IS NULL OR e.department_id = $1) AND ($2::text IS NULL OR ($2 = 'open') = (c.id IS NULL))
          AND ($3::uuid IS NULL OR e.id = $3)
        ORDER BY (c.id IS NULL) DESC, e.reported_at DESC LIMIT 200`,
  /** The notices to department $1 with their event's closure, newest first; 200 at most. */
  notices: `SELECT n.id, n.event_id AS "eventId", n.message_zh AS "messageZh", n.message_en AS "messageEn", n.created_at AS "createdAt",
              (c.id IS NOT NULL) AS closed, c.investigation, c.batch_released AS "batchReleased"
         FROM supply_notices n LEFT JOIN supply_adverse_event_closures c ON c.event_id = n.event_id
        WHERE n.department_id = $1 ORDER BY n.created_at DESC LIMIT 200`,
  /** The latest stocktakes (20; only stocktake $1 when it is not null) with their lines. */
  stocktakes: `SELECT s.id, s.month, s.counted_at AS "countedAt", u.display_name AS "countedByName",
              coalesce(json_agg(json_build_object('batchId', l.batch_id, 'lotNumber', b.lot_number, 'productCode', p.code,
                'nameZh', p.name_zh, 'nameEn', p.name_en, 'expected', l.expected, 'counted', l.counted, 'difference', l.difference,
                'explanation', l.explanation) ORDER BY p.code, b.lot_number), '[]') AS lines
         FROM supply_stocktakes s
         JOIN supply_stocktake_lines l ON l.stocktake_id = s.id
         JOIN supply_batches b ON b.id = l.batch_id JOIN supply_products p ON p.id = b.product_id
         LEFT JOIN users u ON u.id = s.counted_by
        WHERE ($1::uuid IS NULL OR s.id = $1)
        GROUP BY s.id, u.display_name ORDER BY s.counted_at DESC LIMIT 20`,
} as const satisfies Statements;

/**
 * Every query of the supplies module: licences in force, stock per batch (the sum of its
 * movements), what a department received, adverse events and notices. The service holds the
 * rules; this class holds the SQL.
 */
@Injectable()
export class SuppliesRepository {
  static readonly statements = SUPPLIES_SQL;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** See SUPPLIES_SQL.licencesInForce. */
  licencesInForce(m: Db, holders: { supplierIds?: string[]; productIds?: string[] }): Promise<LicenceRow[]> {
    return m.query(SUPPLIES_SQL.licencesInForce, [holders.supplierIds ?? [], holders.productIds ?? []]);
  }

  licence(m: Db, id: string): Promise<LicenceRow | undefined> {
    return m.query(SUPPLIES_SQL.licence, [id]).then((r: LicenceRow[]) => r[0]);
  }

  isCorrected(m: Db, id: string): Promise<boolean> {
    return m.query(SUPPLIES_SQL.isCorrected, [id]).then((r: unknown[]) => r.length > 0);
  }

  suppliers() {
    return this.db.query(SUPPLIES_SQL.suppliers) as Promise<
      { id: string; code: string; nameZh: string; nameEn: string; createdAt: Date }[]
    >;
  }

  products(productId?: string) {
    return this.db.query(SUPPLIES_SQL.products, [productId ?? null]) as Promise<
      {
        id: string;
        code: string;
        nameZh: string;
        nameEn: string;
        specification: string;
        manufacturer: string;
        imported: boolean;
        supplierId: string;
        supplierCode: string;
        supplierNameZh: string;
        supplierNameEn: string;
      }[]
    >;
  }

  /** Locks the batch of a product and lot, creating it first if it is new; null id when the product has none yet and creation lost a race (retried by the caller). */
  async lockOrCreateBatch(m: EntityManager, productId: string, lotNumber: string, expiryDate: string, now: Date) {
    await m.query(SUPPLIES_SQL.createBatch, [productId, lotNumber, expiryDate, now]);
    const [row] = (await m.query(SUPPLIES_SQL.lockBatch, [productId, lotNumber])) as { id: string; expiryDate: string }[];
    return row;
  }

  /** Locks batches (a product's, or the ones named) in a fixed order, so that two issues or a stocktake serialize on them. */
  async lockBatches(m: EntityManager, where: { productId?: string; batchIds?: string[] }): Promise<BatchRow[]> {
    const params = [where.productId ?? null, where.batchIds ?? []];
    await m.query(SUPPLIES_SQL.lockBatches, params);
    return m.query(SUPPLIES_SQL.batches, params);
  }

  batch(m: Db, id: string): Promise<BatchRow | undefined> {
    return m.query(SUPPLIES_SQL.batch, [id]).then((r: BatchRow[]) => r[0]);
  }

  /** See SUPPLIES_SQL.stock. */
  stock(all: boolean): Promise<BatchRow[]> {
    return this.db.query(SUPPLIES_SQL.stock, [all]);
  }

  /** The departments a batch was issued to. */
  async departmentsHolding(m: Db, batchId: string): Promise<string[]> {
    const rows: { id: string }[] = await m.query(SUPPLIES_SQL.departmentsHolding, [batchId]);
    return rows.map((r) => r.id);
  }

  wasIssuedTo(m: Db, batchId: string, departmentId: string): Promise<boolean> {
    return m.query(SUPPLIES_SQL.wasIssuedTo, [batchId, departmentId]).then((r: unknown[]) => r.length > 0);
  }

  /** See SUPPLIES_SQL.received. */
  received(departmentId: string) {
    return this.db.query(SUPPLIES_SQL.received, [departmentId]) as Promise<Record<string, unknown>[]>;
  }

  /** See SUPPLIES_SQL.adverseEvents. */
  adverseEvents(opts: { departmentId?: string; status?: 'open' | 'closed'; id?: string }) {
    return this.db.query(SUPPLIES_SQL.adverseEvents, [opts.departmentId ?? null, opts.status ?? null, opts.id ?? null]) as Promise<
      Record<string, unknown>[]
    >;
  }

  notices(departmentId: string) {
    return this.db.query(SUPPLIES_SQL.notices, [departmentId]) as Promise<Record<string, unknown>[]>;
  }

  /** See SUPPLIES_SQL.stocktakes. */
  stocktakes(id?: string) {
    return this.db.query(SUPPLIES_SQL.stocktakes, [id ?? null]) as Promise<Record<string, unknown>[]>;
  }
}

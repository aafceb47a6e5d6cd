import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Statements } from '../database/statements.js';

/** The catalog's SQL besides its entities, by name (snapshotted in test/contract/sql-statements.spec.ts). */
export const CATALOG_SQL = {
  /** Whether sterilizer $1 has any load (its type is then fixed). */
  sterilizerHasLoads: `SELECT 1 FROM sterilizer_loads WHERE sterilizer_id = $1 LIMIT 1`,
} as const satisfies Statements;

/** What the catalog reads besides its entities (CatalogStore writes them); transactions stay the callers'. */
@Injectable()
export class CatalogRepository {
  static readonly statements = CATALOG_SQL;

  async sterilizerHasLoads(m: EntityManager, sterilizerId: string): Promise<boolean> {
    const [used] = await m.query(CATALOG_SQL.sterilizerHasLoads, [sterilizerId]);
    return used !== undefined;
  }
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SetTemplateVersion } from '../catalog/set-template-version.entity.js';
import { hydrate } from '../database/hydrate.js';
import { sqlText, type Statements } from '../database/statements.js';

/** Labels' SQL, by name (snapshotted in test/contract/sql-statements.spec.ts). */
export const LABELS_SQL = {
  /** The template versions ($1 template ids, $2 versions, pairwise) packs were packed to. */
  templateVersions: (columns) =>
    `SELECT ${columns(SetTemplateVersion)} FROM set_template_versions WHERE (template_id, version) IN (SELECT * FROM unnest($1::uuid[], $2::int[]))`,
} as const satisfies Statements;

/** What labels read besides the pack ledger and the entities; transactions stay the service's. */
@Injectable()
export class LabelsRepository {
  static readonly statements = LABELS_SQL;

  /** The template versions of these (template id, version) pairs. */
  async templateVersions(m: EntityManager, templateIds: string[], versions: number[]): Promise<SetTemplateVersion[]> {
    const rows: Record<string, unknown>[] = await m.query(sqlText(m, LABELS_SQL.templateVersions), [templateIds, versions]);
    return rows.map((r) => hydrate(m, SetTemplateVersion, r));
  }
}

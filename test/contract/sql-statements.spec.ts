import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataSource } from 'typeorm';
import { sqlText, type Statements } from '../../src/database/statements.js';
import { columnsOf } from '../../src/database/hydrate.js';
import { Pack } from '../../src/kernel/pack.entity.js';
import { AuditRepository } from '../../src/audit/audit.repository.js';
import { KernelRepository } from '../../src/kernel/kernel.repository.js';
import { LabelsRepository } from '../../src/labels/labels.repository.js';
import { ProblemsRepository } from '../../src/problems/problems.repository.js';
import { QualityChecksRepository } from '../../src/quality-checks/quality-checks.repository.js';
import { UsersRepository } from '../../src/users/users.repository.js';
import { CatalogRepository } from '../../src/catalog/catalog.repository.js';
import { PACK_LEDGER_SQL, PacksRepository, type PackColumn } from '../../src/packs/packs.repository.js';
import { RecyclingRepository } from '../../src/recycling/recycling.repository.js';
import { CleaningRepository } from '../../src/cleaning/cleaning.repository.js';
import { PackingRepository } from '../../src/packing/packing.repository.js';
import { SterilizationRepository } from '../../src/sterilization/sterilization.repository.js';
import { StorageRepository } from '../../src/storage/storage.repository.js';
import { DispatchRepository } from '../../src/dispatch/dispatch.repository.js';
import { UsageRepository } from '../../src/usage/usage.repository.js';
import { TraceRepository } from '../../src/trace/trace.repository.js';
import { RecallRepository } from '../../src/recall/recall.repository.js';
import { MonitoringRepository } from '../../src/monitoring/monitoring.repository.js';
import { BoardRepository } from '../../src/board/board.repository.js';
import { ReportsRepository } from '../../src/reports/reports.repository.js';
import { ReleaseRepository } from '../../src/release/release.repository.js';
import { EquipmentRepository } from '../../src/equipment/equipment.repository.js';
import { DisinfectantsRepository } from '../../src/disinfectants/disinfectants.repository.js';
import { SuppliesRepository } from '../../src/supplies/supplies.repository.js';
import { RequisitionsRepository } from '../../src/requisitions/requisitions.repository.js';
import { DefectsRepository } from '../../src/defects/defects.repository.js';
import { ShiftHandoverRepository } from '../../src/shift-handover/shift-handover.repository.js';
import { QualityReviewsRepository } from '../../src/quality-reviews/quality-reviews.repository.js';
import { ArchiveRepository } from '../../src/archive/archive.repository.js';
import { RepairsRepository } from '../../src/repairs/repairs.repository.js';
import { VisitorsRepository } from '../../src/visitors/visitors.repository.js';
import { LoanersRepository } from '../../src/loaners/loaners.repository.js';
import { SurveysRepository } from '../../src/surveys/surveys.repository.js';
import { openTestDataSource } from '../support/test-db.js';

// Issue 14, "each module's SQL in its repository": every statement a repository runs, by module
// and name, as reviewed. A query changed, added or removed shows in the snapshot's diff (as
// immich's generated SQL files do); update it with `jest -u` on purpose, never by habit. Each
// statement must also PREPARE on the migrated database: a broken one fails here, not at a station.
const REPOSITORIES: Record<string, { statements: Statements }> = {
  kernel: KernelRepository,
  audit: AuditRepository,
  packs: PacksRepository,
  recycling: RecyclingRepository,
  cleaning: CleaningRepository,
  packing: PackingRepository,
  sterilization: SterilizationRepository,
  storage: StorageRepository,
  dispatch: DispatchRepository,
  usage: UsageRepository,
  trace: TraceRepository,
  recall: RecallRepository,
  monitoring: MonitoringRepository,
  board: BoardRepository,
  reports: ReportsRepository,
  release: ReleaseRepository,
  equipment: EquipmentRepository,
  supplies: SuppliesRepository,
  labels: LabelsRepository,
  problems: ProblemsRepository,
  'quality-checks': QualityChecksRepository,
  users: UsersRepository,
  catalog: CatalogRepository,
  disinfectants: DisinfectantsRepository,
  requisitions: RequisitionsRepository,
  defects: DefectsRepository,
  'shift-handover': ShiftHandoverRepository,
  'quality-reviews': QualityReviewsRepository,
  surveys: SurveysRepository,
  archive: ArchiveRepository,
  visitors: VisitorsRepository,
  repairs: RepairsRepository,
  loaners: LoanersRepository,
};

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');
const repositoryFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? repositoryFiles(join(dir, e.name)) : e.name.endsWith('.repository.ts') ? [relative(SRC, join(dir, e.name))] : [],
  );

describe('the repositories’ SQL statements', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await openTestDataSource();
  });
  afterAll(() => ds?.destroy());

  it('lists every repository file in src/', () => {
    expect(repositoryFiles(SRC).sort()).toEqual(
      Object.keys(REPOSITORIES)
        .map((module) => join(module, `${module}.repository.ts`))
        .sort(),
    );
  });

  for (const [module, repository] of Object.entries(REPOSITORIES)) {
    it(`${module}: the text of each statement, as reviewed`, () => {
      const text = Object.entries(repository.statements)
        .map(([name, statement]) => `-- ${module}.${name}\n${sqlText(ds.manager, statement).trim()};\n`)
        .join('\n');
      expect(`\n${text}`).toMatchSnapshot();
    });

    it(`${module}: each statement prepares on the migrated database`, async () => {
      const runner = ds.createQueryRunner();
      try {
        for (const [name, statement] of Object.entries(repository.statements)) {
          await runner
            .query(`PREPARE sql_statements_check AS ${sqlText(ds.manager, statement)}`)
            .catch((e: Error) => Promise.reject(new Error(`${module}.${name}: ${e.message}`)));
          await runner.query('DEALLOCATE sql_statements_check');
        }
      } finally {
        await runner.release();
      }
    });
  }
});

// The pack ledger's writes are built per call from the columns they set (PACK_LEDGER_SQL): their
// text for a move that sets a department and a storage location, a recall's set-based move, and a
// new pack, as reviewed, and each accepted by PostgreSQL.
describe('the pack ledger’s built statements', () => {
  let ds: DataSource;
  let built: Record<string, string>;
  beforeAll(async () => {
    ds = await openTestDataSource();
    const meta = ds.getMetadata(Pack);
    const column = (prop: string): PackColumn => {
      const c = meta.findColumnWithPropertyName(prop)!;
      return { prop, name: c.databaseName, type: ds.driver.normalizeType(c) };
    };
    built = {
      move: PACK_LEDGER_SQL.move([column('departmentId'), column('storageLocation')]),
      moveWithoutColumns: PACK_LEDGER_SQL.move([]),
      moveMany: PACK_LEDGER_SQL.moveMany('SELECT pack_id FROM load_items WHERE load_id = $1', 1),
      create: PACK_LEDGER_SQL.create([column('state'), column('templateId'), column('setId'), column('barcode')], (target, alias) =>
        columnsOf(ds.manager, target, alias),
      ),
    };
  });
  afterAll(() => ds?.destroy());

  it('the text of each, as reviewed', () => {
    const text = Object.entries(built)
      .map(([name, sql]) => `-- packLedger.${name}\n${sql.trim()};\n`)
      .join('\n');
    expect(`\n${text}`).toMatchSnapshot();
  });

  it('each prepares on the migrated database', async () => {
    const runner = ds.createQueryRunner();
    try {
      for (const [name, sql] of Object.entries(built)) {
        await runner
          .query(`PREPARE sql_statements_check AS ${sql}`)
          .catch((e: Error) => Promise.reject(new Error(`packLedger.${name}: ${e.message}`)));
        await runner.query('DEALLOCATE sql_statements_check');
      }
    } finally {
      await runner.release();
    }
  });
});

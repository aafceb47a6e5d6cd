import { Foundation1795712836090 } from './1795712836090-Foundation.js';
import { PackChain1795713648211 } from './1795713648211-PackChain.js';
import { MonitoringRecall1795714360310 } from './1795714360310-MonitoringRecall.js';
import { MonitoringRecords1795714360311 } from './1795714360311-MonitoringRecords.js';
import { IdempotencyHashDepartmentList1795734740312 } from './1795734740312-IdempotencyHashDepartmentList.js';
import { VoidedLabels1795735128834 } from './1795735128834-VoidedLabels.js';
import { PackEventsAtBrin1795740000000 } from './1795740000000-PackEventsAtBrin.js';
import { BiTestsFailedIndex1795753660242 } from './1795753660242-BiTestsFailedIndex.js';
import { PackPatientIds1795754114861 } from './1795754114861-PackPatientIds.js';
import { RunOrder1795760000000 } from './1795760000000-RunOrder.js';
import { OverlappingRecallItems1795760100000 } from './1795760100000-OverlappingRecallItems.js';
import { LoadRunSnapshot1795760200000 } from './1795760200000-LoadRunSnapshot.js';
import { TemplateVersions1795760200001 } from './1795760200001-TemplateVersions.js';
import { PackagingForMethod1795760300000 } from './1795760300000-PackagingForMethod.js';
import { PacksInCssdIndex1795760300001 } from './1795760300001-PacksInCssdIndex.js';
import { BoardIndexes1795760500000 } from './1795760500000-BoardIndexes.js';
import { IdempotencyProvisional1795760700000 } from './1795760700000-IdempotencyProvisional.js';
import { CompletedRecordsFixed1795760800000 } from './1795760800000-CompletedRecordsFixed.js';
import { UserTokenVersion1795760800001 } from './1795760800001-UserTokenVersion.js';
import { RecallReturnedFromDepartment1795761000000 } from './1795761000000-RecallReturnedFromDepartment.js';
import { HistoryStartsInitial1795761300000 } from './1795761300000-HistoryStartsInitial.js';
import { BiProducts1795761400000 } from './1795761400000-BiProducts.js';
import { BiPositiveControls1795761410000 } from './1795761410000-BiPositiveControls.js';
import { BowieDickCycles1795761420000 } from './1795761420000-BowieDickCycles.js';
import { CycleTimes1795761430000 } from './1795761430000-CycleTimes.js';
import { TemplateMaxWeight1795761500000 } from './1795761500000-TemplateMaxWeight.js';
import { LoadingChecks1795761600000 } from './1795761600000-LoadingChecks.js';
import { ProblemReportOutcomes1795761700000 } from './1795761700000-ProblemReportOutcomes.js';
import { RecallClosingRecord1795761700001 } from './1795761700001-RecallClosingRecord.js';
import { BowieDickCyclesStartAsRun1795761800000 } from './1795761800000-BowieDickCyclesStartAsRun.js';
import { QualityChecks1795762000000 } from './1795762000000-QualityChecks.js';
import { QualityCheckSolutions1795762000001 } from './1795762000001-QualityCheckSolutions.js';
import { UseNotRecorded1795762100000 } from './1795762100000-UseNotRecorded.js';
import { OneClock1795762200000 } from './1795762200000-OneClock.js';
import { Supplies1795765000000 } from './1795765000000-Supplies.js';
import { LedgerSeal1795763000000 } from './1795763000000-LedgerSeal.js';
import { Equipment1795766000000 } from './1795766000000-Equipment.js';
import { DisinfectantPreparations1795768000000 } from './1795768000000-DisinfectantPreparations.js';
import { NoticeAcknowledgements1795769000000 } from './1795769000000-NoticeAcknowledgements.js';
import { Archival1795770000000 } from './1795770000000-Archival.js';
import { Requisitions1795771000000 } from './1795771000000-Requisitions.js';
import { Defects1795772000000 } from './1795772000000-Defects.js';
import { Visitors1795773000000 } from './1795773000000-Visitors.js';
import { ShiftHandovers1795774000000 } from './1795774000000-ShiftHandovers.js';
import { Surveys1795775000000 } from './1795775000000-Surveys.js';
import { RecallHandedIn1795776000000 } from './1795776000000-RecallHandedIn.js';
import { LoanerTrays1795777000000 } from './1795777000000-LoanerTrays.js';
import { InstrumentRepairs1795778000000 } from './1795778000000-InstrumentRepairs.js';
import { RegistersSealed1795779000000 } from './1795779000000-RegistersSealed.js';
import { LoanersRepairsSealed1795781000000 } from './1795781000000-LoanersRepairsSealed.js';
import { ReportTallies1795782000000 } from './1795782000000-ReportTallies.js';
import { ReportExpiryTallies1795783000000 } from './1795783000000-ReportExpiryTallies.js';
import { RoundItemHandoverName1795784000000 } from './1795784000000-RoundItemHandoverName.js';

// One per line, in timestamp order: branches that add migrations merge without conflict.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for migration classes
export const MIGRATIONS: Function[] = [
  Foundation1795712836090,
  PackChain1795713648211,
  MonitoringRecall1795714360310,
  MonitoringRecords1795714360311,
  IdempotencyHashDepartmentList1795734740312,
  VoidedLabels1795735128834,
  PackEventsAtBrin1795740000000,
  BiTestsFailedIndex1795753660242,
  PackPatientIds1795754114861,
  RunOrder1795760000000,
  OverlappingRecallItems1795760100000,
  LoadRunSnapshot1795760200000,
  TemplateVersions1795760200001,
  PackagingForMethod1795760300000,
  PacksInCssdIndex1795760300001,
  BoardIndexes1795760500000,
  IdempotencyProvisional1795760700000,
  CompletedRecordsFixed1795760800000,
  UserTokenVersion1795760800001,
  RecallReturnedFromDepartment1795761000000,
  HistoryStartsInitial1795761300000,
  BiProducts1795761400000,
  BiPositiveControls1795761410000,
  BowieDickCycles1795761420000,
  CycleTimes1795761430000,
  TemplateMaxWeight1795761500000,
  LoadingChecks1795761600000,
  ProblemReportOutcomes1795761700000,
  RecallClosingRecord1795761700001,
  BowieDickCyclesStartAsRun1795761800000,
  QualityChecks1795762000000,
  QualityCheckSolutions1795762000001,
  UseNotRecorded1795762100000,
  OneClock1795762200000,
  Supplies1795765000000,
  LedgerSeal1795763000000,
  Equipment1795766000000,
  DisinfectantPreparations1795768000000,
  NoticeAcknowledgements1795769000000,
  Archival1795770000000,
  Requisitions1795771000000,
  Defects1795772000000,
  Visitors1795773000000,
  ShiftHandovers1795774000000,
  Surveys1795775000000,
  RecallHandedIn1795776000000,
  LoanerTrays1795777000000,
  InstrumentRepairs1795778000000,
  RegistersSealed1795779000000,
  LoanersRepairsSealed1795781000000,
  ReportTallies1795782000000,
  ReportExpiryTallies1795783000000,
  RoundItemHandoverName1795784000000,
];

import { AuditEntry } from './audit/audit-entry.entity.js';
import { BiProduct } from './catalog/bi-product.entity.js';
import { Department } from './catalog/department.entity.js';
import { InstrumentSet } from './catalog/instrument-set.entity.js';
import { SetTemplate } from './catalog/set-template.entity.js';
import { SetTemplateVersion } from './catalog/set-template-version.entity.js';
import { SterilizerProgram } from './catalog/sterilizer-program.entity.js';
import { Sterilizer } from './catalog/sterilizer.entity.js';
import { WasherProgram } from './catalog/washer-program.entity.js';
import { Washer } from './catalog/washer.entity.js';
import { Certification } from './users/certification.entity.js';
import { User } from './users/user.entity.js';
import { WasherCycle } from './kernel/washer-cycle.entity.js';
import { IdempotencyRecord } from './common/idempotency/idempotency-record.entity.js';
import { PackEvent } from './kernel/pack-event.entity.js';
import { Pack } from './kernel/pack.entity.js';
import { VoidedLabel } from './packs/voided-label.entity.js';
import { BdTest } from './monitoring/bd-test.entity.js';
import { BiPositiveControl } from './kernel/bi-positive-control.entity.js';
import { BiTest } from './kernel/bi-test.entity.js';
import { EmergencyRelease } from './kernel/emergency-release.entity.js';
import { EnvironmentReading } from './kernel/environment-reading.entity.js';
import { DepartmentNotice } from './recall/department-notice.entity.js';
import { NoticeAcknowledgement } from './recall/notice-acknowledgement.entity.js';
import { RecallItem } from './recall/recall-item.entity.js';
import { Recall } from './recall/recall.entity.js';
import { WebhookDelivery } from './recall/webhook-delivery.entity.js';
import { LoadingCheck } from './sterilization/loading-check.entity.js';
import { ProblemReport } from './problems/problem-report.entity.js';
import { ProblemReportOutcome } from './problems/problem-report-outcome.entity.js';
import { CorrectiveAction, CorrectiveActionClosure } from './quality-checks/corrective-action.entity.js';
import { Defect, DefectAction, DefectClosure, DefectInvestigation, DefectVerification } from './defects/defect.entity.js';
import {
  ShiftHandover,
  ShiftHandoverChecklist,
  ShiftHandoverCorrection,
  ShiftHandoverSignature,
} from './shift-handover/shift-handover.entity.js';
import { QualityReview, QualityReviewAmendment, QualityReviewDecision } from './quality-reviews/quality-review.entity.js';
import { RepairEntry, RepairStep } from './repairs/repair.entity.js';
import { VisitCancellation, VisitCheckIn, VisitCheckOut, VisitComment, VisitDecision, VisitRequest } from './visitors/visit.entity.js';
import { LoanerReturn, LoanerTray } from './loaners/loaner-tray.entity.js';
import {
  Survey,
  SurveyAction,
  SurveyAnswer,
  SurveyClosure,
  SurveyDepartment,
  SurveyQuestion,
  SurveyResponse,
  SurveyVersion,
} from './surveys/survey.entity.js';
import { QualityCheckTask } from './kernel/quality-check-task.entity.js';
import { RandomCheck } from './quality-checks/random-check.entity.js';
import { LoadItem } from './kernel/load-item.entity.js';
import { SterilizerLoad } from './kernel/sterilizer-load.entity.js';
import { ArchiveRun, LedgerArchiveMark, LedgerJournalLine, LedgerSealBatch } from './ledger-seal/ledger.entity.js';
import { ArchivePlanRow } from './archive/archive-plan.entity.js';
import { Equipment, EquipmentFault, EquipmentMaintenance } from './equipment/equipment.entity.js';
import { SupplyAdverseEvent, SupplyAdverseEventClosure, SupplyNotice } from './supplies/adverse-event.entity.js';
import { Supplier, SupplyLicence, SupplyProduct } from './supplies/register.entity.js';
import { DisinfectantPreparation } from './disinfectants/preparation.entity.js';
import {
  BaseQuantity,
  Requisition,
  RequisitionClosure,
  RequisitionFulfilment,
  RequisitionLine,
} from './requisitions/requisition.entity.js';
import { Round, RoundClosing, RoundItem, RoundSignature, RoundSignatureLine } from './requisitions/round.entity.js';
import { SupplyBatch, SupplyMovement, SupplyReceipt, SupplyStocktake, SupplyStocktakeLine } from './supplies/stock.entity.js';

/**
 * Every entity, listed explicitly (no globs: the same list works under jest and node). Assembled
 * here, in the wiring floor beside app.module.ts, and handed to the data source (src/database/
 * data-source.ts): database/ imports no feature (issue 14).
 */
export const ENTITIES = [
  Department,
  SetTemplate,
  SetTemplateVersion,
  InstrumentSet,
  Sterilizer,
  SterilizerProgram,
  Washer,
  WasherProgram,
  BiProduct,
  User,
  Certification,
  AuditEntry,
  Pack,
  PackEvent,
  VoidedLabel,
  WasherCycle,
  SterilizerLoad,
  LoadItem,
  LoadingCheck,
  IdempotencyRecord,
  BdTest,
  BiTest,
  BiPositiveControl,
  EmergencyRelease,
  EnvironmentReading,
  Recall,
  RecallItem,
  DepartmentNotice,
  NoticeAcknowledgement,
  WebhookDelivery,
  ProblemReport,
  ProblemReportOutcome,
  QualityCheckTask,
  RandomCheck,
  CorrectiveAction,
  CorrectiveActionClosure,
  Supplier,
  SupplyProduct,
  SupplyLicence,
  SupplyBatch,
  SupplyReceipt,
  SupplyStocktake,
  SupplyStocktakeLine,
  SupplyMovement,
  SupplyAdverseEvent,
  SupplyAdverseEventClosure,
  SupplyNotice,
  LedgerJournalLine,
  LedgerSealBatch,
  ArchiveRun,
  LedgerArchiveMark,
  ArchivePlanRow,
  Equipment,
  EquipmentFault,
  EquipmentMaintenance,
  DisinfectantPreparation,
  BaseQuantity,
  Requisition,
  RequisitionLine,
  RequisitionFulfilment,
  RequisitionClosure,
  Round,
  RoundItem,
  RoundClosing,
  RoundSignature,
  RoundSignatureLine,
  Defect,
  DefectInvestigation,
  DefectAction,
  DefectVerification,
  DefectClosure,
  ShiftHandover,
  ShiftHandoverChecklist,
  ShiftHandoverSignature,
  ShiftHandoverCorrection,
  QualityReview,
  QualityReviewDecision,
  QualityReviewAmendment,
  VisitRequest,
  VisitDecision,
  VisitCancellation,
  VisitCheckIn,
  VisitCheckOut,
  VisitComment,
  RepairEntry,
  RepairStep,
  LoanerTray,
  LoanerReturn,
  Survey,
  SurveyVersion,
  SurveyQuestion,
  SurveyDepartment,
  SurveyResponse,
  SurveyAnswer,
  SurveyClosure,
  SurveyAction,
];

import { AuditEntry } from '../audit/audit-entry.entity.js';
import { BiProduct } from '../catalog/bi-product.entity.js';
import { Department } from '../catalog/department.entity.js';
import { InstrumentSet } from '../catalog/instrument-set.entity.js';
import { SetTemplate } from '../catalog/set-template.entity.js';
import { SetTemplateVersion } from '../catalog/set-template-version.entity.js';
import { SterilizerProgram } from '../catalog/sterilizer-program.entity.js';
import { Sterilizer } from '../catalog/sterilizer.entity.js';
import { WasherProgram } from '../catalog/washer-program.entity.js';
import { Washer } from '../catalog/washer.entity.js';
import { Certification } from '../users/certification.entity.js';
import { User } from '../users/user.entity.js';
import { WasherCycle } from '../cleaning/washer-cycle.entity.js';
import { IdempotencyRecord } from '../common/idempotency/idempotency-record.entity.js';
import { PackEvent } from '../packs/pack-event.entity.js';
import { Pack } from '../packs/pack.entity.js';
import { VoidedLabel } from '../packs/voided-label.entity.js';
import { BdTest } from '../monitoring/bd-test.entity.js';
import { BiPositiveControl } from '../monitoring/bi-positive-control.entity.js';
import { BiTest } from '../monitoring/bi-test.entity.js';
import { EmergencyRelease } from '../monitoring/emergency-release.entity.js';
import { EnvironmentReading } from '../monitoring/environment-reading.entity.js';
import { DepartmentNotice } from '../recall/department-notice.entity.js';
import { RecallItem } from '../recall/recall-item.entity.js';
import { Recall } from '../recall/recall.entity.js';
import { WebhookDelivery } from '../recall/webhook-delivery.entity.js';
import { LoadingCheck } from '../sterilization/loading-check.entity.js';
import { ProblemReport } from '../problems/problem-report.entity.js';
import { ProblemReportOutcome } from '../problems/problem-report-outcome.entity.js';
import { LoadItem } from '../sterilization/load-item.entity.js';
import { SterilizerLoad } from '../sterilization/sterilizer-load.entity.js';

/** Every entity, listed explicitly (no globs: the same list works under jest and node). */
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
  WebhookDelivery,
  ProblemReport,
  ProblemReportOutcome,
];

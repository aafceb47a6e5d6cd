import { AUTH_ERRORS } from './auth/auth.errors.js';
import { AUDIT_ERRORS } from './audit/audit.errors.js';
import { CATALOG_ERRORS } from './catalog/catalog.errors.js';
import { CLEANING_ERRORS } from './cleaning/cleaning.errors.js';
import type { Locale } from './config/config.js';
import type { ErrorParams } from './common/errors/domain-error.js';
import { COMMON_ERRORS } from './common/errors/error-codes.js';
import { ErrorRegistry, mergeErrorTables } from './common/errors/error-registry.js';
import { DEFECT_ERRORS } from './defects/defects.errors.js';
import { SHIFT_HANDOVER_ERRORS } from './shift-handover/shift-handover.errors.js';
import { DISINFECTANT_ERRORS } from './disinfectants/disinfectants.errors.js';
import { DISPATCH_ERRORS } from './dispatch/dispatch.errors.js';
import { EQUIPMENT_ERRORS } from './equipment/equipment.errors.js';
import { LABEL_ERRORS } from './labels/labels.errors.js';
import { MONITORING_ERRORS } from './monitoring/monitoring.errors.js';
import { PACKING_ERRORS } from './packing/packing.errors.js';
import { PACK_ERRORS } from './packs/packs.errors.js';
import { PROBLEM_ERRORS } from './problems/problems.errors.js';
import { QUALITY_CHECK_ERRORS } from './quality-checks/quality-checks.errors.js';
import { QUALITY_REVIEW_ERRORS } from './quality-reviews/quality-reviews.errors.js';
import { SURVEY_ERRORS } from './surveys/surveys.errors.js';
import { RECALL_ERRORS } from './recall/recall.errors.js';
import { RECYCLING_ERRORS } from './recycling/recycling.errors.js';
import { RELEASE_ERRORS } from './release/release.errors.js';
import { REQUISITION_ERRORS } from './requisitions/requisitions.errors.js';
import { SUPPLY_ERRORS } from './supplies/supplies.errors.js';
import { REPAIR_ERRORS } from './repairs/repairs.errors.js';
import { REPORT_ERRORS } from './reports/reports.errors.js';
import { STERILIZATION_ERRORS } from './sterilization/sterilization.errors.js';
import { USAGE_ERRORS } from './usage/usage.errors.js';
import { USER_ERRORS } from './users/users.errors.js';
import { VISIT_ERRORS } from './visitors/visitors.errors.js';
import { LOANER_ERRORS } from './loaners/loaners.errors.js';

/**
 * The error registry: every code the API answers with, its HTTP status and its message in both
 * languages, assembled from the tables their modules own. It sits above the features so that
 * common/ knows none of them: the app module hands it to the exception filter and the idempotency
 * replay, the HTTP set-up to the OpenAPI error responses; the contract tests walk it.
 */
export const ERRORS = mergeErrorTables({
  common: COMMON_ERRORS,
  auth: AUTH_ERRORS,
  users: USER_ERRORS,
  catalog: CATALOG_ERRORS,
  packs: PACK_ERRORS,
  recycling: RECYCLING_ERRORS,
  cleaning: CLEANING_ERRORS,
  packing: PACKING_ERRORS,
  sterilization: STERILIZATION_ERRORS,
  monitoring: MONITORING_ERRORS,
  release: RELEASE_ERRORS,
  dispatch: DISPATCH_ERRORS,
  usage: USAGE_ERRORS,
  labels: LABEL_ERRORS,
  recall: RECALL_ERRORS,
  problems: PROBLEM_ERRORS,
  qualityChecks: QUALITY_CHECK_ERRORS,
  supplies: SUPPLY_ERRORS,
  equipment: EQUIPMENT_ERRORS,
  disinfectants: DISINFECTANT_ERRORS,
  requisitions: REQUISITION_ERRORS,
  defects: DEFECT_ERRORS,
  qualityReviews: QUALITY_REVIEW_ERRORS,
  visitors: VISIT_ERRORS,
  loaners: LOANER_ERRORS,
  shiftHandover: SHIFT_HANDOVER_ERRORS,
  surveys: SURVEY_ERRORS,
  repairs: REPAIR_ERRORS,
  reports: REPORT_ERRORS,
  audit: AUDIT_ERRORS,
});

type Registry = typeof ERRORS;

// Every code of the registry becomes a member of the ErrorCode type common/ declares empty, so a
// DomainError with a code no table declares does not compile.
declare module './common/errors/error-codes.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- a merge, not a new shape
  interface ErrorCatalog extends Registry {}
}

export const errorRegistry = new ErrorRegistry(ERRORS);

/** A code's message in one language (what the filter answers): for tests and tools outside a request. */
export function messageFor(code: keyof Registry, params: ErrorParams, locale: Locale): string {
  return errorRegistry.message(code, params, locale);
}

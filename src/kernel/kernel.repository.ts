import type { Statements } from '../database/statements.js';

/**
 * A machine's state from the equipment register (machine-status.ts): the last passing service (or,
 * before any, the one stated when it was registered) and when the oldest fault that took it out of
 * use, with no return to service recorded against it, was reported.
 */
export const MACHINE_STATE = `SELECT e.id, e.code, e.service_interval_months AS "intervalMonths", e.last_service_on::text AS "lastServiceOn",
       (SELECT max(s.performed_at) FROM equipment_maintenance s
         WHERE s.equipment_id = e.id AND s.kind = 'service' AND s.outcome = 'passed') AS "lastServiceAt",
       (SELECT f.reported_at FROM equipment_faults f
         WHERE f.equipment_id = e.id AND f.out_of_use
           AND NOT EXISTS (SELECT 1 FROM equipment_maintenance r WHERE r.fault_id = f.id AND r.kind = 'return_to_service')
         ORDER BY f.reported_at LIMIT 1) AS "openFault"
  FROM equipment e`;

/**
 * The statements the kernel's own rules run (the stages' repositories hold theirs): the kernel
 * imports no stage, so what it reads is named here, snapshotted like every repository's
 * (test/contract/sql-statements.spec.ts). The BI verdict's fragments (bi-verdict.ts) stay functions
 * of a table alias, composed into the stages' statements.
 */
export const KERNEL_SQL = {
  /** The latest storage temperature and humidity readings (storage-environment.ts). */
  latestStorageReadings: `SELECT within_limits FROM (
        SELECT DISTINCT ON (kind) kind, within_limits FROM environment_readings
         WHERE kind IN ('storage_temperature', 'storage_humidity')
         ORDER BY kind, measured_at DESC, recorded_at DESC
     ) latest`,
  /** Template names and set asset codes of packs $1 (template ids) / $2 (set ids), by position (pack-summary.ts). */
  summaryNames: `SELECT p.i, t.code, t.name_zh, t.name_en, s.asset_code
       FROM unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY AS p(template_id, set_id, i)
       JOIN set_templates t ON t.id = p.template_id
       LEFT JOIN instrument_sets s ON s.id = p.set_id`,
  /**
   * The last printed label ($2 printed, $3 reprinted) of each pack $1's current barcode and how many
   * times it was printed (printed-labels.ts).
   */
  printedLabels: `SELECT DISTINCT ON (e.pack_id) e.pack_id, e.data->>'sterilizerCode' AS sterilizer_code, e.data->>'sterilizationDate' AS sterilization_date, e.data->>'expiryDate' AS expiry_date,
            count(*) OVER (PARTITION BY e.pack_id)::int AS prints
       FROM pack_events e JOIN packs p ON p.id = e.pack_id
      WHERE e.pack_id = ANY($1::uuid[]) AND e.type IN ($2, $3) AND coalesce(e.data->>'barcode', p.barcode) = p.barcode
      ORDER BY e.pack_id, e.id DESC`,
  /** Packs in states $1 whose last printed label ($2, $3) promises a later expiry than their own, at most $4 (printed-labels.ts). */
  labelsWithLaterExpiry: `SELECT p.id AS pack_id, p.barcode, p.state, t.code, t.name_zh, t.name_en, l.printed, to_char(p.expiry_date, 'YYYY-MM-DD') AS expiry, p.storage_location
       FROM packs p
       JOIN set_templates t ON t.id = p.template_id
       JOIN LATERAL (
         SELECT e.data->>'expiryDate' AS printed FROM pack_events e
          WHERE e.pack_id = p.id AND e.type IN ($2, $3) AND coalesce(e.data->>'barcode', p.barcode) = p.barcode
          ORDER BY e.id DESC LIMIT 1
       ) l ON true
      WHERE p.state = ANY($1::text[]) AND p.expiry_date IS NOT NULL AND l.printed > to_char(p.expiry_date, 'YYYY-MM-DD')
      ORDER BY p.expiry_date, p.barcode
      LIMIT $4`,
  /** Packs $1's barcodes and set names as packed (labels-at-start.ts). */
  packNamesAsPacked: `SELECT p.barcode, coalesce(v.name_zh, t.name_zh) AS name_zh, coalesce(v.name_en, t.name_en) AS name_en
       FROM packs p JOIN set_templates t ON t.id = p.template_id
       LEFT JOIN set_template_versions v ON v.template_id = p.template_id AND v.version = p.template_version
      WHERE p.id = ANY($1::uuid[]) ORDER BY p.barcode`,
  /** The register's state of a sterilizer ($1), for the load gate (machine-status.ts). */
  machineOfSterilizer: `${MACHINE_STATE} WHERE e.sterilizer_id = $1`,
  /** The register's state of a washer ($1), for a washer cycle (machine-status.ts). */
  machineOfWasher: `${MACHINE_STATE} WHERE e.washer_id = $1`,
  /** A valid certificate of a kind ($2) held by a user ($1) on a hospital day ($3). */
  validCertificate: `SELECT 1 FROM user_certifications WHERE user_id = $1 AND kind = $2 AND valid_until >= $3 LIMIT 1`,
} as const satisfies Statements;

/** The kernel's statements, as the SQL snapshot test reads every repository's. */
export class KernelRepository {
  static readonly statements = KERNEL_SQL;
}

import type { EntityManager } from 'typeorm';
import type { Department } from '../catalog/department.entity.js';
import { addLocalDays } from '../common/clock.js';
import { Supplier, SupplyLicence, SupplyProduct, type LicenceKind } from '../supplies/register.entity.js';
import { SupplyBatch, SupplyMovement, SupplyReceipt } from '../supplies/stock.entity.js';

/** [kind, number, days from today to its last valid day] */
type DemoLicence = [LicenceKind, string, number];

const SUPPLIERS: { code: string; zh: string; en: string; licence: DemoLicence }[] = [
  {
    code: 'SUP-HD',
    zh: '江西洪达医疗器械集团有限公司',
    en: 'Jiangxi Hongda Medical Equipment Group',
    licence: ['distribution_licence', '赣药监械经营许20150012号', 900],
  },
  {
    code: 'SUP-GY',
    zh: '国药控股医疗器械有限公司',
    en: 'Sinopharm Medical Devices Co.',
    licence: ['distribution_licence', '京药监械经营许20160023号', 600],
  },
];

const PRODUCTS: {
  code: string;
  supplier: string;
  zh: string;
  en: string;
  spec: string;
  manufacturer: string;
  imported: boolean;
  licences: DemoLicence[];
  /** [lot, days to expiry, quantity received, issued: [department code, quantity][]] */
  batches: [string, number, number, [string, number][]][];
}[] = [
  {
    code: 'SY-5ML',
    supplier: 'SUP-HD',
    zh: '一次性使用无菌注射器',
    en: 'Sterile single-use syringe',
    spec: '5 mL 带针 0.7 mm',
    manufacturer: '江西洪达医疗器械集团有限公司',
    imported: false,
    licences: [
      ['manufacturing_licence', '赣药监械生产许20010005号', 1200],
      ['registration_certificate', '赣械注准20152140123', 800],
    ],
    batches: [
      ['20260412', 20, 300, [['OR', 200]]],
      ['20260915', 730, 2000, [['GS', 300]]],
    ],
  },
  {
    code: 'IV-SET',
    supplier: 'SUP-HD',
    zh: '一次性使用输液器',
    en: 'Sterile single-use infusion set',
    spec: '重力输液式 带针 0.7 mm',
    manufacturer: '江西洪达医疗器械集团有限公司',
    imported: false,
    licences: [
      ['manufacturing_licence', '赣药监械生产许20010005号', 1200],
      ['registration_certificate', '赣械注准20152140456', 800],
    ],
    batches: [
      [
        '20260820',
        640,
        800,
        [
          ['GS', 100],
          ['ICU', 150],
        ],
      ],
    ],
  },
  {
    code: 'GLV-7.5',
    supplier: 'SUP-GY',
    zh: '无菌外科手套',
    en: 'Sterile surgical gloves',
    spec: '7.5 号 无粉',
    manufacturer: '安思尔（Ansell）',
    imported: true,
    licences: [
      ['manufacturing_licence', 'MY-ML-0321', 500],
      ['registration_certificate', '国械注进20163642345', 500],
      ['import_registration', '国械注进20163642345-备', 500],
    ],
    batches: [['2604A12', 400, 500, [['OR', 120]]]],
  },
  {
    // Its registration certificate has expired: a receipt is refused until a renewed one is recorded.
    code: 'CATH-16',
    supplier: 'SUP-GY',
    zh: '一次性使用无菌导尿包',
    en: 'Sterile single-use catheterization kit',
    spec: '16Fr 双腔',
    manufacturer: '扬州洋普医疗器械有限公司',
    imported: false,
    licences: [
      ['manufacturing_licence', '苏药监械生产许20080017号', 700],
      ['registration_certificate', '苏械注准20162660789', -12],
    ],
    batches: [],
  },
];

/**
 * Disposable sterile supplies of the demo hospital (seed 16): two suppliers, four products with
 * their licences (one expired), batches received by a nurse and some issued to wards, first
 * expiring first. Written as the service writes them: receipts with their checks, movements.
 */
export async function seedDemoSupplies(
  m: EntityManager,
  opts: { departments: Map<string, Department>; headNurseId: string; nurseId: string; now: Date; today: string },
): Promise<void> {
  const { now, today } = opts;
  const licence = (holder: { supplierId?: string; productId?: string }, [kind, number, days]: DemoLicence) =>
    m.save(
      m.create(SupplyLicence, {
        supplierId: holder.supplierId ?? null,
        productId: holder.productId ?? null,
        kind,
        number,
        validUntil: addLocalDays(today, days),
        correctsId: null,
        reason: null,
        recordedBy: opts.headNurseId,
        recordedAt: now,
      }),
    );
  const suppliers = new Map<string, Supplier>();
  for (const s of SUPPLIERS) {
    const supplier = await m.save(
      m.create(Supplier, { code: s.code, nameZh: s.zh, nameEn: s.en, createdBy: opts.headNurseId, createdAt: now }),
    );
    suppliers.set(s.code, supplier);
    await licence({ supplierId: supplier.id }, s.licence);
  }
  for (const p of PRODUCTS) {
    const product = await m.save(
      m.create(SupplyProduct, {
        code: p.code,
        nameZh: p.zh,
        nameEn: p.en,
        specification: p.spec,
        manufacturer: p.manufacturer,
        supplierId: suppliers.get(p.supplier)!.id,
        imported: p.imported,
        createdBy: opts.headNurseId,
        createdAt: now,
      }),
    );
    for (const l of p.licences) await licence({ productId: product.id }, l);
    for (const [lot, days, quantity, issues] of p.batches) {
      const batch = await m.save(
        m.create(SupplyBatch, { productId: product.id, lotNumber: lot, expiryDate: addLocalDays(today, days), createdAt: now }),
      );
      const receipt = await m.save(
        m.create(SupplyReceipt, {
          batchId: batch.id,
          quantity,
          packagingIntact: true,
          certificateOfConformity: true,
          sterilizationMark: true,
          qualityReport: true,
          checkedBy: opts.nurseId,
          receivedAt: now,
        }),
      );
      const move = { batchId: batch.id, receiptId: null, stocktakeLineId: null, departmentId: null, actorId: opts.nurseId, at: now };
      await m.insert(SupplyMovement, { ...move, kind: 'receipt', quantity, receiptId: receipt.id });
      for (const [department, n] of issues)
        await m.insert(SupplyMovement, { ...move, kind: 'issue', quantity: -n, departmentId: opts.departments.get(department)!.id });
    }
  }
}

import type { EntityManager } from 'typeorm';
import type { Department } from '../catalog/department.entity.js';
import { SetTemplate } from '../catalog/set-template.entity.js';
import { BaseQuantity, Requisition, RequisitionLine } from '../requisitions/requisition.entity.js';
import type { Urgency } from '../requisitions/requisition-rules.js';
import { REQUISITIONS_SQL } from '../requisitions/requisitions.repository.js';

/**
 * Each demo department's base quantities (基数, seed 4.3, 13.7): [template code, quantity,
 * emergency]. Typical of a hospital of the demo's size, not of one real hospital.
 */
const BASES: Record<string, [string, number, boolean][]> = {
  OR: [
    ['LAP', 4, false],
    ['APP', 3, false],
    ['THY', 2, false],
    ['LSC', 2, false],
    ['GOWN', 10, false],
    ['RESC', 1, true],
  ],
  ORTHO: [
    ['ORB', 3, false],
    ['IMP', 2, false],
    ['DRS', 6, false],
    ['SUT', 4, false],
  ],
  GS: [
    ['DRS', 8, false],
    ['SUT', 6, false],
    ['LP', 2, false],
  ],
  OBGYN: [
    ['CS', 2, false],
    ['DRS', 4, false],
    ['SUT', 4, false],
  ],
  ICU: [
    ['TRACH', 2, true],
    ['RESC', 2, true],
    ['DRS', 6, false],
    ['LP', 2, false],
  ],
  ED: [
    ['RESC', 3, true],
    ['TRACH', 1, true],
    ['SUT', 8, false],
    ['DRS', 6, false],
  ],
  STOM: [['DEN', 10, false]],
  IM: [
    ['LP', 3, false],
    ['DRS', 4, false],
    ['RESC', 1, true],
  ],
};

/** Two open requisitions of the operating room: [urgency, note, [template code, quantity][]]. */
const REQUISITIONS: [Urgency, string, [string, number][]][] = [
  [
    'routine',
    '明日择期手术 3 台',
    [
      ['LAP', 2],
      ['GOWN', 4],
    ],
  ],
  ['urgent', '急诊阑尾切除术', [['APP', 1]]],
];

/**
 * The demo's base quantities, set by the head nurse, and a couple of open requisitions of the
 * operating room (its demo user asked for them), numbered from the service's sequence.
 */
export async function seedDemoRequisitions(
  m: EntityManager,
  o: { departments: Map<string, Department>; headNurseId: string; departmentUserId: string; now: Date },
): Promise<void> {
  const templates = new Map((await m.find(SetTemplate)).map((t) => [t.code, t]));
  for (const [department, bases] of Object.entries(BASES)) {
    await m.getRepository(BaseQuantity).insert(
      bases.map(([code, quantity, emergency]) => ({
        departmentId: o.departments.get(department)!.id,
        templateId: templates.get(code)!.id,
        quantity,
        emergency,
        note: null,
        setBy: o.headNurseId,
        setAt: o.now,
      })),
    );
  }
  for (const [urgency, note, lines] of REQUISITIONS) {
    const [{ no }] = await m.query(REQUISITIONS_SQL.nextRequisitionNo);
    const r = await m.getRepository(Requisition).save(
      m.getRepository(Requisition).create({
        no,
        departmentId: o.departments.get('OR')!.id,
        urgency,
        note,
        requestedBy: o.departmentUserId,
        requestedAt: o.now,
      }),
    );
    await m
      .getRepository(RequisitionLine)
      .insert(lines.map(([code, quantity]) => ({ requisitionId: r.id, templateId: templates.get(code)!.id, quantity })));
  }
}

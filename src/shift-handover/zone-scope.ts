import type { EquipmentKind } from '../equipment/equipment.entity.js';
import type { HandoverZone } from './shift-handover.entity.js';

/**
 * What of the system's open items concerns a zone's handover (seed 17, 2.1, 11.6): the snapshot of a
 * handover lists only these.
 *
 * - Loads open or running and BIs incubating: the inspection, packing and sterilization area, where the
 *   sterilizers stand.
 * - Machines with a problem (out of use, due or overdue for service, an open fault): the zone's own —
 *   washers, drying cabinets and water treatment where instruments are cleaned, disinfected and dried
 *   (WS 310.2: drying is the last step of decontamination); sterilizers and sealers where sets are
 *   packed and sterilized; none stands in sterile storage.
 * - Open recalls: every zone. A recall reaches packs wherever they are — storage pulls them from the
 *   shelves, decontamination takes back the ones returned from the wards, the sterilization area holds
 *   the loads and BIs it concerns — so each incoming nurse is told.
 * - Corrective actions due: every zone (they are the department's, owned by a person, not a zone).
 */
export const ZONE_SCOPE: Record<HandoverZone, { loads: boolean; bis: boolean; equipment: readonly EquipmentKind[] }> = {
  decontamination: { loads: false, bis: false, equipment: ['washer', 'drying_cabinet', 'water_treatment'] },
  packing: { loads: true, bis: true, equipment: ['sterilizer', 'sealer'] },
  sterile_storage: { loads: false, bis: false, equipment: [] },
};

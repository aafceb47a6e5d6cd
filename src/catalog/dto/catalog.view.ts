import { ApiProperty } from '@nestjs/swagger';
import { Bool, Day, Id, Instant, Int, Num, Text } from '../../common/views.js';
import {
  PACKAGING_MATERIALS,
  STERILIZATION_METHODS,
  STERILIZER_STATUSES,
  type PackagingMaterial,
  type SterilizationMethod,
  type SterilizerStatus,
} from '../catalog.enums.js';

// What the catalog routes answer: the stored rows (nothing is hidden in the catalog).

export class DepartmentView {
  @Id() id: string;
  @Text({ example: 'ORTHO' }) code: string;
  @Text({ example: '骨科' }) nameZh: string;
  @Text({ example: 'Orthopaedics' }) nameEn: string;
  @Bool() active: boolean;
  @Instant() createdAt: string;
  @Instant() updatedAt: string;
}

export class TemplateItemView {
  @Text() nameZh: string;
  @Text() nameEn: string;
  @Text() specification: string;
  @Int() quantity: number;
}

export class SetTemplateView {
  @Id() id: string;
  @Text({ example: 'LAP-01' }) code: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @ApiProperty({ enum: PACKAGING_MATERIALS }) packagingMaterial: PackagingMaterial;
  @ApiProperty({ enum: PACKAGING_MATERIALS, isArray: true }) alternativePackaging: PackagingMaterial[];
  @ApiProperty({ enum: STERILIZATION_METHODS }) sterilizationMethod: SterilizationMethod;
  @Bool() implant: boolean;
  @Bool() critical: boolean;
  @Bool({ description: 'a dressing pack (敷料包): no reusable set, packed from the template' }) dressing: boolean;
  @Num({ nullable: true }) weightKg: number | null;
  @Num({ nullable: true, description: 'the most a packed set may weigh (kg); null: no limit' }) maxWeightKg: number | null;
  @Text({ nullable: true, description: 'GS1 GTIN-14' }) gtin: string | null;
  @ApiProperty({ type: [TemplateItemView] }) contents: TemplateItemView[];
  @Bool() active: boolean;
  @Int({ description: 'raised by every edit; packs record the version they were packed to' }) version: number;
  @Instant() createdAt: string;
  @Instant() updatedAt: string;
}

export class InstrumentSetView {
  @Id() id: string;
  @Text({ example: 'LAP-01-0003' }) assetCode: string;
  @Id() templateId: string;
  @Id() homeDepartmentId: string;
  @Int({ description: 'cycles through the CSSD so far' }) cycleCount: number;
  @Bool() active: boolean;
  @Instant() createdAt: string;
  @Instant() updatedAt: string;
}

export class SterilizerProgramView {
  @Id() id: string;
  @Id() sterilizerId: string;
  @Text({ example: 'P134' }) code: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @Num() tempMinC: number;
  @Num() tempMaxC: number;
  @Num() minHoldMin: number;
  @Num({ description: 'the shortest whole cycle, minutes (0: no minimum beyond the hold)' }) minCycleMin: number;
  @Num({ nullable: true }) pressureMinKpa: number | null;
  @Num({ nullable: true }) pressureMaxKpa: number | null;
  @Num({ nullable: true }) h2o2MinMgL: number | null;
  @Bool() active: boolean;
  @Instant() createdAt: string;
  @Instant() updatedAt: string;
}

export class SterilizerView {
  @Id() id: string;
  @Text({ example: 'S1' }) code: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @ApiProperty({ enum: STERILIZATION_METHODS }) type: SterilizationMethod;
  @Day({ nullable: true }) annualInspectionValidUntil: string | null;
  @ApiProperty({ enum: STERILIZER_STATUSES }) status: SterilizerStatus;
  @Instant({ nullable: true, description: 'since when it is qualifying (new / moved / repaired)' }) commissioningSince: string | null;
  @Bool() active: boolean;
  @Instant() createdAt: string;
  @Instant() updatedAt: string;
}

export class SterilizerWithProgramsView extends SterilizerView {
  @ApiProperty({ type: [SterilizerProgramView] }) programs: SterilizerProgramView[];
}

export class WasherProgramView {
  @Id() id: string;
  @Id() washerId: string;
  @Text() code: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @Num() disinfectTempMinC: number;
  @Num() disinfectMinMin: number;
  @Int() a0Min: number;
  @Bool() active: boolean;
  @Instant() createdAt: string;
  @Instant() updatedAt: string;
}

export class WasherView {
  @Id() id: string;
  @Text({ example: 'W1' }) code: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @Bool() active: boolean;
  @Instant() createdAt: string;
  @Instant() updatedAt: string;
}

export class WasherWithProgramsView extends WasherView {
  @ApiProperty({ type: [WasherProgramView] }) programs: WasherProgramView[];
}

/** A biological indicator product (§4.2): where it may go and how long it incubates. */
export class BiProductView {
  @Id() id: string;
  @Text({ example: '3M-1292' }) code: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @Text({ example: '3M' }) manufacturer: string;
  @ApiProperty({ enum: STERILIZATION_METHODS, isArray: true }) methods: SterilizationMethod[];
  @Int({ description: 'incubation before the result may be read, minutes' }) incubationMinutes: number;
  @Bool() active: boolean;
  @Instant() createdAt: string;
  @Instant() updatedAt: string;
}

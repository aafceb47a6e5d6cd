import { BiProduct } from './bi-product.entity.js';
import type { CatalogKind } from './catalog.store.js';
import { Department } from './department.entity.js';
import { InstrumentSet } from './instrument-set.entity.js';
import { SetTemplate } from './set-template.entity.js';
import { SterilizerProgram } from './sterilizer-program.entity.js';
import { Sterilizer } from './sterilizer.entity.js';
import { WasherProgram } from './washer-program.entity.js';
import { Washer } from './washer.entity.js';

export const DEPARTMENT: CatalogKind<Department> = {
  entity: Department,
  name: 'department',
  label: { zh: '科室', en: 'department' },
  notFound: 'DEPARTMENT_NOT_FOUND',
  codeOf: (r) => r.code ?? '',
};
export const TEMPLATE: CatalogKind<SetTemplate> = {
  entity: SetTemplate,
  name: 'set_template',
  label: { zh: '器械包模板', en: 'set template' },
  notFound: 'TEMPLATE_NOT_FOUND',
  codeOf: (r) => r.code ?? '',
};
export const INSTRUMENT_SET: CatalogKind<InstrumentSet> = {
  entity: InstrumentSet,
  name: 'instrument_set',
  label: { zh: '器械包', en: 'instrument set' },
  notFound: 'SET_NOT_FOUND',
  codeOf: (r) => r.assetCode ?? '',
};
export const STERILIZER: CatalogKind<Sterilizer> = {
  entity: Sterilizer,
  name: 'sterilizer',
  label: { zh: '灭菌器', en: 'sterilizer' },
  notFound: 'STERILIZER_NOT_FOUND',
  codeOf: (r) => r.code ?? '',
};
export const STERILIZER_PROGRAM: CatalogKind<SterilizerProgram> = {
  entity: SterilizerProgram,
  name: 'sterilizer_program',
  label: { zh: '灭菌程序', en: 'sterilization program' },
  notFound: 'PROGRAM_NOT_FOUND',
  codeOf: (r) => r.code ?? '',
};
export const WASHER: CatalogKind<Washer> = {
  entity: Washer,
  name: 'washer',
  label: { zh: '清洗消毒器', en: 'washer' },
  notFound: 'WASHER_NOT_FOUND',
  codeOf: (r) => r.code ?? '',
};
export const WASHER_PROGRAM: CatalogKind<WasherProgram> = {
  entity: WasherProgram,
  name: 'washer_program',
  label: { zh: '清洗程序', en: 'washer program' },
  notFound: 'PROGRAM_NOT_FOUND',
  codeOf: (r) => r.code ?? '',
};
export const BI_PRODUCT: CatalogKind<BiProduct> = {
  entity: BiProduct,
  name: 'bi_product',
  label: { zh: '生物指示物产品', en: 'BI product' },
  notFound: 'BI_PRODUCT_NOT_FOUND',
  codeOf: (r) => r.code ?? '',
};

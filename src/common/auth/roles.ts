export const ROLES = ['admin', 'head_nurse', 'monitor', 'nurse', 'department'] as const;
export type Role = (typeof ROLES)[number];

/** What a person reads for each role, in refusals. */
export const ROLE_NAMES: Record<Role, { zh: string; en: string }> = {
  admin: { zh: '管理员', en: 'administrator' },
  head_nurse: { zh: '护士长', en: 'head nurse' },
  monitor: { zh: '质量监测员', en: 'quality monitor' },
  nurse: { zh: '护士', en: 'nurse' },
  department: { zh: '科室用户', en: 'department user' },
};

/** Roles as a person reads them: 护士长、护士 / head nurse, nurse. */
export function roleList(roles: readonly Role[]): { zh: string; en: string } {
  return { zh: roles.map((r) => ROLE_NAMES[r].zh).join('、'), en: roles.map((r) => ROLE_NAMES[r].en).join(', ') };
}

/** Role groups used on many routes, named for what they mean in the department. */
export const CSSD_STAFF: Role[] = ['admin', 'head_nurse', 'monitor', 'nurse'];
export const ALL_ROLES: Role[] = [...ROLES];
export const CATALOG_EDITORS: Role[] = ['admin', 'head_nurse'];

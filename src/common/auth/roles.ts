export const ROLES = ['admin', 'head_nurse', 'monitor', 'nurse', 'department'] as const;
export type Role = (typeof ROLES)[number];

/** Role groups used on many routes, named for what they mean in the department. */
export const CSSD_STAFF: Role[] = ['admin', 'head_nurse', 'monitor', 'nurse'];
export const ALL_ROLES: Role[] = [...ROLES];
export const CATALOG_EDITORS: Role[] = ['admin', 'head_nurse'];

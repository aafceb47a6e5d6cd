/** The zones that have a scanning station; apart from the station page, so the home page's tiles do not load it. */
export const ZONES = ['recycling', 'cleaning', 'packing', 'loading', 'storage', 'dispatch'] as const;
export type Zone = (typeof ZONES)[number];

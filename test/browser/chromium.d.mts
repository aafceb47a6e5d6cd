import type { Browser, BrowserContextOptions } from 'playwright-core';

export function launchChromium(): Promise<Browser>;
export function stationContextOptions(baseURL: string, size?: { width?: number; height?: number }): BrowserContextOptions;

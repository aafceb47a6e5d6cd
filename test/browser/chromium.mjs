// The headless Chromium of the browser tests and of the bench's `ui` section, in one place:
// the one the @sparticuz/chromium npm package ships (no download, no apt), driven by
// playwright-core, and the station PC's browser context.
import sparticuz from '@sparticuz/chromium';
import { chromium } from 'playwright-core';

export async function launchChromium() {
  for (let attempt = 1; ; attempt++) {
    try {
      return await chromium.launch({
        executablePath: await sparticuz.executablePath(),
        // sparticuz's flags are for AWS Lambda; --single-process there ends the browser with its first closed context.
        args: [
          ...sparticuz.args.filter((a) => a !== '--single-process'),
          '--disable-background-networking',
          '--disable-component-update',
          '--no-first-run',
        ],
        headless: true,
      });
    } catch (e) {
      // sparticuz unpacks the browser to /tmp/chromium, shared by every process on the machine:
      // while another one is still writing it, starting it fails with ETXTBSY. Wait and retry.
      if (!/ETXTBSY/.test(String(e?.message)) || attempt >= 10) throw e;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

/**
 * A station PC's screen (1366 × 768) and language. Its own time zone is not the hospital's
 * (America/New_York, 13 hours behind Asia/Shanghai, usually another day): the pages must show and
 * state every time in the hospital's zone, which the service names in index.html. Reduced motion (an accessibility
 * setting the pages honour): dialogs open without animation, so a click right after opening
 * lands where it is aimed.
 */
export function stationContextOptions(baseURL, { width = 1366, height = 768 } = {}) {
  return { viewport: { width, height }, baseURL, locale: 'zh-CN', timezoneId: 'America/New_York', reducedMotion: 'reduce' };
}

import type { ThemeConfig } from 'antd';
import { CONTRAST, CONTRAST_COMPONENTS } from './contrast.ts';

/** The bundled Noto Sans SC first: station PCs (and the test browser) often have no CJK font. */
export const FONT = "'Noto Sans SC Variable', 'Noto Sans SC', system-ui, sans-serif";

/**
 * antd's theme for every page. Its components' styles are not generated in the browser
 * (`zeroRuntime`): the build writes them once, from this same object, into a stylesheet
 * (web/vite.config.ts, antdStaticStyle). In the browser antd then only sets the tokens' CSS
 * variables (--ant-color-primary…), which that stylesheet reads. Issue 12: generating and
 * inserting the styles at each page's first render was ~40 % of a station's render time.
 *
 * `hashed: false`: class names carry no hash of the tokens, so the build's selectors match
 * whatever the browser adds at run time (motion, below, depends on the station's settings).
 */
export const THEME = {
  zeroRuntime: true,
  hashed: false,
  token: { ...CONTRAST, fontFamily: FONT, fontSize: 16, controlHeight: 40 },
  components: CONTRAST_COMPONENTS,
} satisfies ThemeConfig;

/**
 * Contrast (WCAG AA, 4.5:1) for antd's theme: its default blue, its light tags' text (palette 7),
 * its red and its description grey are too pale on white and on the tags' light backgrounds; one
 * shade darker. Hover and active shades stay dark too: the pointer often rests on a button.
 */

/** Palette 7 (the text of a light tag) one shade darker, per preset colour. */
const TAG_TEXT: Record<string, string> = {
  red: '#a8071a',
  volcano: '#ad2102',
  orange: '#ad4e00',
  gold: '#ad6800',
  yellow: '#876800',
  lime: '#3f6600',
  green: '#237804',
  cyan: '#006d75',
  blue: '#003eb3',
  geekblue: '#10239e',
  purple: '#391085',
  magenta: '#9e1068',
};

/**
 * antd 6 derives each palette under two names (`green7` and `green-7`) that become one CSS
 * variable (--ant-green-7); the derived `green-7` wins over an override of `green7` alone, so
 * both are set.
 */
const tagText = Object.fromEntries(
  Object.entries(TAG_TEXT).flatMap(([colour, hex]) => [
    [`${colour}7`, hex],
    [`${colour}-7`, hex],
  ]),
);

export const CONTRAST = {
  colorPrimary: '#0958d9',
  colorPrimaryHover: '#003eb3',
  colorPrimaryActive: '#002c8c',
  colorLink: '#0958d9',
  colorLinkHover: '#003eb3',
  colorInfo: '#0958d9',
  colorError: '#cf1322',
  colorErrorHover: '#a8071a',
  colorErrorActive: '#820014',
  colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
  colorTextDescription: 'rgba(0, 0, 0, 0.62)',
  ...tagText,
};

/**
 * A table's "nothing here" line (a plain text emptyText) is drawn in antd's disabled grey, far
 * below 4.5:1; it is information, not a disabled control: the description grey instead.
 */
export const CONTRAST_COMPONENTS = {
  Table: { colorTextDisabled: CONTRAST.colorTextDescription },
};

import type { ThemeConfig } from 'antd';

/**
 * The app's antd theme. Besides the agency's blue, every text colour antd would draw below WCAG AA's
 * 4.5:1 contrast is darkened here once, for every page (issue 22; the browser tests audit each page
 * with axe-core): secondary and description text, the placeholder (a Select draws it as text), the
 * status texts, the error colour (danger buttons, badges), and the preset tag colours whose text
 * shade is too light on their own pale background (green, orange, gold, cyan, volcano, lime, yellow:
 * one or two shades darker).
 */
export const appTheme: ThemeConfig = {
  token: {
    colorPrimary: '#0b5cad',
    // Links follow the agency's blue: antd's own link blue (#1677ff) is 3.8:1 on the grey layout.
    colorLink: '#0b5cad',
    borderRadius: 6,
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
    colorTextDescription: 'rgba(0, 0, 0, 0.6)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
    colorError: '#cf1322',
    colorErrorText: '#cf1322',
    colorSuccessText: '#237804',
    colorWarningText: '#874d00',
    green7: '#237804',
    orange7: '#ad4e00',
    gold7: '#874d00',
    cyan7: '#006d75',
    volcano7: '#ad2102',
    lime7: '#3f6600',
    yellow7: '#876800',
  },
  components: {
    // An empty table's words ("Không có việc") are drawn in the disabled grey (1.8:1).
    Table: { colorTextDisabled: 'rgba(0, 0, 0, 0.6)' },
  },
};

import type { CSSProperties, ReactNode } from 'react';
import { useI18n } from './i18n';

/**
 * A page's frame and title without antd's Card and Typography: the Card brings Tabs (and with them
 * Menu and Dropdown), Typography brings Tooltip, TextArea and the clipboard — 60 kB gzipped the
 * public first screens (catalog, login) do without (issue 22's 250 kB budget). Same look.
 */
export function PageCard({ children, style, ...rest }: { children: ReactNode; style?: CSSProperties; 'data-testid'?: string }) {
  return (
    <section className="page-card" style={style} {...rest}>
      {children}
    </section>
  );
}

export function PageTitle({ children }: { children: ReactNode }) {
  return <h1 className="page-title">{children}</h1>;
}

/** What shows while a page's chunk or data is on the way: a ring, announced as loading. */
export function PageLoading() {
  const { t } = useI18n();
  return (
    <div className="page-loading" role="status" aria-live="polite">
      <span className="page-loading-ring" aria-hidden />
      <span className="sr-only">{t('pageLoading')}</span>
    </div>
  );
}

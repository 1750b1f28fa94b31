import { Menu } from 'antd';
import { Link, useLocation } from 'react-router-dom';
import { useI18n, type MsgKey } from '../../i18n';

/** The administration pages of issue 22 items 3 to 6 and the webhooks of issue 20 item 5, one header entry ('/quan-tri') for all. */
export const ADMIN_SECTIONS: { path: string; label: MsgKey }[] = [
  { path: '/quan-tri/nguoi-dung', label: 'navUsers' },
  { path: '/quan-tri/phong-ban', label: 'navDepartments' },
  { path: '/quan-tri/co-quan', label: 'navAgencies' },
  { path: '/quan-tri/nhat-ky', label: 'navAudit' },
  { path: '/quan-tri/chuyen-cap', label: 'navEscalation' },
  { path: '/quan-tri/thong-bao', label: 'navNotifications' },
  { path: '/quan-tri/webhook', label: 'navWebhooks' },
  { path: '/quan-tri/he-thong', label: 'navSystemHealth' },
];

/** Links between the administration pages, above each of them. */
export function AdminNav() {
  const { t } = useI18n();
  const { pathname } = useLocation();
  return (
    <nav aria-label={t('navAdmin')} style={{ marginBottom: 16 }}>
      <Menu
        mode="horizontal"
        disabledOverflow
        selectedKeys={ADMIN_SECTIONS.filter((s) => pathname.startsWith(s.path)).map((s) => s.path)}
        items={ADMIN_SECTIONS.map((s) => ({ key: s.path, label: <Link to={s.path}>{t(s.label)}</Link> }))}
      />
    </nav>
  );
}

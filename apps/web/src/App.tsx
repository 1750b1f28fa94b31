import { Button, ConfigProvider, Layout } from 'antd';
import enUS from 'antd/locale/en_US';
import viVN from 'antd/locale/vi_VN';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { BrowserRouter, Link, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { AlertsProvider, useAlertsFeed } from './alerts';
import { endSession, homeFor, loadSession, saveSession, setUnauthorizedHandler, type Role, type Session } from './api';
import { AuthCtx, useAuth } from './auth';
import { dayjs } from './format';
import { I18nProvider, useI18n, useLangState, type Lang, type MsgKey } from './i18n';
import { PageLoading } from './page';
import { appTheme } from './theme';

// Every page is a chunk of its own, fetched when its route is first shown (issue 22: the first
// screen of the catalog and of the login page stays under 250 kB of script, gzipped). Add new
// routes the same way: `lazy(() => import('./pages/X').then((m) => ({ default: m.X })))`.
// antd's App scope (App.useApp: message, modal, notification) holds a third of antd; only signed-in
// pages use it, so Guard loads it with them — a public page that needs it wraps itself in <AntApp>.
export const AntApp = lazy(() => import('antd/es/app').then((m) => ({ default: m.default })));
const AlertsPage = lazy(() => import('./pages/AlertsPage').then((m) => ({ default: m.AlertsPage })));
const CatalogPage = lazy(() => import('./pages/CatalogPage').then((m) => ({ default: m.CatalogPage })));
const DossierPage = lazy(() => import('./pages/DossierPage').then((m) => ({ default: m.DossierPage })));
const InboxPage = lazy(() => import('./pages/InboxPage').then((m) => ({ default: m.InboxPage })));
const BulkReassignPage = lazy(() => import('./pages/BulkReassignPage').then((m) => ({ default: m.BulkReassignPage })));
const LoginPage = lazy(() => import('./pages/LoginPage').then((m) => ({ default: m.LoginPage })));
const LookupPage = lazy(() => import('./pages/LookupPage').then((m) => ({ default: m.LookupPage })));
const RegisterPage = lazy(() => import('./pages/RegisterPage').then((m) => ({ default: m.RegisterPage })));
const SlipPage = lazy(() => import('./pages/SlipPage').then((m) => ({ default: m.SlipPage })));
const StatsPage = lazy(() => import('./pages/StatsPage').then((m) => ({ default: m.StatsPage })));
const ProceduresPage = lazy(() => import('./pages/admin/ProceduresPage').then((m) => ({ default: m.ProceduresPage })));
const ProceduresVersionsPage = lazy(() => import('./pages/admin/ProceduresVersionsPage').then((m) => ({ default: m.ProceduresVersionsPage })));
const ProcedureEditorPage = lazy(() => import('./pages/admin/ProcedureEditorPage').then((m) => ({ default: m.ProcedureEditorPage })));
const CalendarPage = lazy(() => import('./pages/admin/CalendarPage').then((m) => ({ default: m.CalendarPage })));
const PetitionFormPage = lazy(() => import('./pages/petitions/PetitionFormPage').then((m) => ({ default: m.PetitionFormPage })));
const PetitionLookupPage = lazy(() => import('./pages/petitions/PetitionLookupPage').then((m) => ({ default: m.PetitionLookupPage })));
const PublishedPetitionsPage = lazy(() => import('./pages/petitions/PublishedPetitionsPage').then((m) => ({ default: m.PublishedPetitionsPage })));
const PetitionsInboxPage = lazy(() => import('./pages/petitions/PetitionsInboxPage').then((m) => ({ default: m.PetitionsInboxPage })));
const PetitionPage = lazy(() => import('./pages/petitions/PetitionPage').then((m) => ({ default: m.PetitionPage })));
const UsersPage = lazy(() => import('./pages/admin/UsersPage').then((m) => ({ default: m.UsersPage })));
const AgenciesPage = lazy(() => import('./pages/admin/AgenciesPage').then((m) => ({ default: m.AgenciesPage })));
const DepartmentsPage = lazy(() => import('./pages/admin/DepartmentsPage').then((m) => ({ default: m.DepartmentsPage })));
const AuditPage = lazy(() => import('./pages/admin/AuditPage').then((m) => ({ default: m.AuditPage })));
const SystemHealthPage = lazy(() => import('./pages/admin/SystemHealthPage').then((m) => ({ default: m.SystemHealthPage })));
const EscalationPage = lazy(() => import('./pages/admin/EscalationPage').then((m) => ({ default: m.EscalationPage })));
const AccountPage = lazy(() => import('./pages/AccountPage').then((m) => ({ default: m.AccountPage })));
const NotificationsPage = lazy(() => import('./pages/admin/NotificationsPage').then((m) => ({ default: m.NotificationsPage })));
const WebhooksPage = lazy(() => import('./pages/admin/WebhooksPage').then((m) => ({ default: m.WebhooksPage })));

// The in-app inbox's bell (issue 20), lazily like the push button.
const NotificationInbox = lazy(() => import('./NotificationInbox').then((m) => ({ default: m.NotificationInbox })));

// The push button: a staff member's header only (it needs the antd App scope, loaded with it).
const PushToggle = lazy(() => import('./push').then((m) => ({ default: m.PushToggle })));

const OFFICERS: Role[] = ['reception', 'reviewer', 'approver'];
const ALERT_WATCHERS: Role[] = ['supervisor', 'approver'];
const STATS_READERS: Role[] = ['supervisor', 'approver', 'admin'];
/** Every staff role reads petitions; who may act at a stage is the API's (the petition workflow's) to say. */
const PETITION_READERS: Role[] = ['supervisor', 'admin', 'reception', 'approver', 'reviewer'];

export function App() {
  const [lang, setLang] = useLangState();
  const [session, setSession] = useState<Session | null>(() => loadSession());
  const login = useCallback((s: Session) => {
    saveSession(s);
    setSession(s);
  }, []);
  const logout = useCallback(() => {
    void endSession();
    setSession(null);
  }, []);
  useEffect(() => setUnauthorizedHandler(logout), [logout]);
  useEffect(() => {
    dayjs.locale(lang);
    document.documentElement.lang = lang;
  }, [lang]);
  const auth = useMemo(() => ({ session, login, logout }), [session, login, logout]);
  return (
    <ConfigProvider locale={lang === 'vi' ? viVN : enUS} theme={appTheme}>
      <I18nProvider lang={lang} setLang={setLang}>
        <AuthCtx.Provider value={auth}>
          <AlertsProvider>
            <BrowserRouter>
              <Shell>
                <Suspense fallback={<PageLoading />}>
                  <Routes>
                    <Route path="/" element={<Navigate to={session ? homeFor(session.user) : '/thu-tuc'} replace />} />
                    <Route path="/dang-nhap" element={<LoginPage />} />
                    <Route path="/thu-tuc" element={<CatalogPage />} />
                    <Route path="/tra-cuu" element={<LookupPage />} />
                    {/* The old feedback pages' addresses: feedback is a petition of kind feedback (issue 21). */}
                    <Route path="/gop-y" element={<MovedTo path="/phan-anh" />} />
                    <Route path="/y-kien" element={<MovedTo path="/kien-nghi" />} />
                    <Route path="/phan-anh" element={<PetitionFormPage />} />
                    <Route path="/phan-anh/tra-cuu" element={<PetitionLookupPage />} />
                    <Route path="/phan-anh/cong-khai" element={<PublishedPetitionsPage />} />
                    <Route path="/kien-nghi" element={<Guard roles={PETITION_READERS}><PetitionsInboxPage /></Guard>} />
                    <Route path="/kien-nghi/:code" element={<Guard roles={PETITION_READERS}><PetitionPage /></Guard>} />
                    <Route path="/tiep-nhan" element={<Guard roles={['reception']}><RegisterPage /></Guard>} />
                    <Route path="/tiep-nhan/phieu/:code" element={<Guard roles={['reception']}><SlipPage /></Guard>} />
                    <Route path="/hop-thu" element={<Guard roles={OFFICERS}><InboxPage /></Guard>} />
                    <Route path="/hop-thu/chuyen-viec" element={<Guard roles={['approver']}><BulkReassignPage /></Guard>} />
                    <Route path="/ho-so/:code" element={<Guard><DossierPage /></Guard>} />
                    <Route path="/tai-khoan" element={<Guard><AccountPage /></Guard>} />
                    <Route path="/canh-bao" element={<Guard roles={ALERT_WATCHERS}><AlertsPage /></Guard>} />
                    <Route path="/thong-ke" element={<Guard roles={STATS_READERS}><StatsPage /></Guard>} />
                    <Route path="/quan-tri/thu-tuc" element={<Guard roles={['admin']}><ProceduresPage /></Guard>} />
                    <Route path="/quan-tri/thu-tuc/moi" element={<Guard roles={['admin']}><ProcedureEditorPage /></Guard>} />
                    <Route path="/quan-tri/thu-tuc/:code" element={<Guard roles={['admin']}><ProceduresVersionsPage /></Guard>} />
                    <Route path="/quan-tri/thu-tuc/:code/phien-ban-moi" element={<Guard roles={['admin']}><ProcedureEditorPage key="new-version" /></Guard>} />
                    <Route path="/quan-tri/lich" element={<Guard roles={['admin']}><CalendarPage /></Guard>} />
                    <Route path="/quan-tri" element={<Guard roles={['admin']}><Navigate to="/quan-tri/nguoi-dung" replace /></Guard>} />
                    <Route path="/quan-tri/nguoi-dung" element={<Guard roles={['admin']}><UsersPage /></Guard>} />
                    <Route path="/quan-tri/phong-ban" element={<Guard roles={['admin']}><DepartmentsPage /></Guard>} />
                    <Route path="/quan-tri/co-quan" element={<Guard roles={['admin']}><AgenciesPage /></Guard>} />
                    <Route path="/quan-tri/nhat-ky" element={<Guard roles={['admin']}><AuditPage /></Guard>} />
                    <Route path="/quan-tri/he-thong" element={<Guard roles={['admin']}><SystemHealthPage /></Guard>} />
                    <Route path="/quan-tri/chuyen-cap" element={<Guard roles={['admin']}><EscalationPage /></Guard>} />
                    <Route path="/quan-tri/thong-bao" element={<Guard roles={['admin']}><NotificationsPage /></Guard>} />
                    <Route path="/quan-tri/webhook" element={<Guard roles={['admin']}><WebhooksPage /></Guard>} />
                    <Route path="*" element={<Navigate to="/" replace />} />
                  </Routes>
                </Suspense>
              </Shell>
            </BrowserRouter>
          </AlertsProvider>
        </AuthCtx.Provider>
      </I18nProvider>
    </ConfigProvider>
  );
}

function Guard({ roles, children }: { roles?: Role[]; children: ReactNode }) {
  const { session } = useAuth();
  const location = useLocation();
  if (!session) return <Navigate to={`/dang-nhap?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (roles && !session.user.roles.some((r) => roles.includes(r))) return <Navigate to={homeFor(session.user)} replace />;
  // The page's own Suspense, inside AntApp: while a page's chunk loads, React hides what the
  // boundary holds, and a toast (rendered by AntApp) hidden in the middle of its closing animation
  // never finishes it and stays on screen for good. Here only the page is hidden.
  return (
    <AntApp>
      <Suspense fallback={<PageLoading />}>{children}</Suspense>
    </AntApp>
  );
}

/** An old address kept working: the same query (`/gop-y?code=…` names the dossier) at its new page. */
function MovedTo({ path }: { path: string }) {
  const { search } = useLocation();
  return <Navigate to={`${path}${search}`} replace />;
}

function Shell({ children }: { children: ReactNode }) {
  const { t, lang, setLang } = useI18n();
  const { session, logout } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const { unacknowledged } = useAlertsFeed();
  const roles = session?.user.roles ?? [];
  const has = (allowed: Role[]) => roles.some((r) => allowed.includes(r));
  const items: { key: string; label: MsgKey; show: boolean; badge?: number }[] = [
    { key: '/tiep-nhan', label: 'navRegister', show: roles.includes('reception') },
    { key: '/hop-thu', label: 'navInbox', show: has(OFFICERS) },
    { key: '/canh-bao', label: 'navAlerts', show: has(ALERT_WATCHERS), badge: unacknowledged },
    { key: '/thong-ke', label: 'navStats', show: has(STATS_READERS) },
    { key: '/kien-nghi', label: 'navPetitionsInbox', show: has(PETITION_READERS) },
    { key: '/quan-tri/thu-tuc', label: 'navAdminProcedures', show: roles.includes('admin') },
    { key: '/quan-tri/lich', label: 'navAdminCalendar', show: roles.includes('admin') },
    // '/quan-tri' leads to users, departments, audit, escalation, deliveries, webhooks and system health; listed after any other /quan-tri/… entry, which then matches first on its pages.
    { key: '/quan-tri', label: 'navAdmin', show: roles.includes('admin') },
    { key: '/thu-tuc', label: 'navCatalog', show: true },
    { key: '/tra-cuu', label: 'navLookup', show: true },
    { key: '/phan-anh/cong-khai', label: 'navPetitionsPublished', show: true },
    // Staff read petitions in their inbox; the public form stays in the footer for them.
    { key: '/phan-anh', label: 'navPetitionForm', show: !session },
  ];
  const selected = items.find((i) => location.pathname === i.key || location.pathname.startsWith(`${i.key}/`))?.key;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <Layout.Header className="app-header no-print">
        <Link to="/" className="brand">
          {t('appName')}
        </Link>
        {/* Plain links, not antd's Menu: a list a screen reader reads as one, and 60 kB less to fetch. */}
        <nav aria-label={t('mainNavigation')} className="main-nav">
          <ul>
            {items
              .filter((i) => i.show)
              .map((i) => (
                <li key={i.key}>
                  <Link to={i.key} aria-current={i.key === selected ? 'page' : undefined}>
                    {t(i.label)}
                    {!!i.badge && (
                      <>
                        <span className="nav-badge" aria-hidden data-testid="menu-alerts-badge" data-count={i.badge}>
                          {i.badge > 99 ? '99+' : i.badge}
                        </span>
                        <span className="sr-only">{` ${i.badge} ${t('unacknowledgedAlerts')}`}</span>
                      </>
                    )}
                  </Link>
                </li>
              ))}
          </ul>
        </nav>
        <div className="header-tools">
          <label htmlFor="lang-switch" className="sr-only">
            {t('language')}
          </label>
          <select id="lang-switch" className="lang-switch" value={lang} onChange={(e) => setLang(e.target.value as Lang)}>
            <option value="vi">Tiếng Việt</option>
            <option value="en">English</option>
          </select>
          {session ? (
            <>
              <Suspense fallback={null}>
                <AntApp component={false}>
                  <PushToggle />
                </AntApp>
                <NotificationInbox />
              </Suspense>
              {/* Their own page (channels, quiet hours, password): a figure always, their name where the header has room. */}
              <Link to="/tai-khoan" className="account-link" title={t('accountLink')} data-testid="account-link">
                <svg aria-hidden="true" viewBox="0 0 16 16" width="18" height="18" fill="currentColor">
                  <circle cx="8" cy="5" r="3.2" />
                  <path d="M1.8 15c.5-3.4 3.1-5.6 6.2-5.6s5.7 2.2 6.2 5.6z" />
                </svg>
                <span className="current-user" data-testid="current-user">
                  {session.user.fullName}
                </span>
                <span className="sr-only">{t('accountTitle')}</span>
              </Link>
              <Button size="small" onClick={() => { logout(); navigate('/dang-nhap'); }}>
                {t('logout')}
              </Button>
            </>
          ) : (
            <Button size="small" onClick={() => navigate('/dang-nhap')}>
              {t('staffLogin')}
            </Button>
          )}
        </div>
      </Layout.Header>
      <Layout.Content id="main" tabIndex={-1} className="app-content">
        {children}
      </Layout.Content>
      <Layout.Footer className="app-footer no-print">
        <nav aria-label={t('publicArea')}>
          <ul className="footer-links">
            <li><Link to="/thu-tuc">{t('navCatalog')}</Link></li>
            <li><Link to="/tra-cuu">{t('navLookup')}</Link></li>
            <li><Link to="/phan-anh">{t('navPetitionForm')}</Link></li>
          </ul>
        </nav>
      </Layout.Footer>
    </Layout>
  );
}

/**
 * The in-app inbox (issue 20): a bell in the header with the number of unread notifications (the
 * caller's in-app rows: alerts, escalations, the daily digest), opening the newest 20 with links to
 * their dossiers; opening it marks them read. Refreshed on each page change and every minute.
 */
import { Badge, Button, Popover } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { api } from './api';
import { useI18n } from './i18n';

interface InboxItem { id: string; subject: string; dossierCode?: string; createdAt: string; readAt?: string }
interface Inbox { unread: number; items: InboxItem[] }

export function NotificationInbox() {
  const { t } = useI18n();
  const location = useLocation();
  const [inbox, setInbox] = useState<Inbox>({ unread: 0, items: [] });
  const refresh = useCallback(() => {
    api<Inbox>('/api/me/notifications/inbox').then(setInbox, () => undefined);
  }, []);
  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, 60_000);
    return () => clearInterval(timer);
  }, [refresh, location.pathname]);
  const open = (visible: boolean) => {
    if (visible && inbox.unread > 0) api<Inbox>('/api/me/notifications/inbox/read', { method: 'POST' }).then(setInbox, () => undefined);
  };
  const content = (
    <ul className="notification-inbox" data-testid="notification-inbox">
      {inbox.items.length === 0 && <li>{t('notifNone')}</li>}
      {inbox.items.map((n) => (
        <li key={n.id} className={n.readAt ? undefined : 'unread'}>
          {n.dossierCode ? <Link to={`/ho-so/${n.dossierCode}`}>{n.subject}</Link> : n.subject}
        </li>
      ))}
    </ul>
  );
  return (
    <Popover content={content} title={t('notifInbox')} trigger="click" onOpenChange={open}>
      <Button size="small" type="text" aria-label={`${t('notifInbox')}: ${inbox.unread} ${t('notifUnread')}`} data-testid="notification-badge" data-count={inbox.unread}>
        <Badge count={inbox.unread} size="small" overflowCount={99}>
          <span aria-hidden>🔔</span>
        </Badge>
      </Button>
    </Popover>
  );
}

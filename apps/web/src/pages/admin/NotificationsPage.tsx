import { Alert, App, Button, Card, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api';
import type { components, operations } from '../../api.generated';
import { fmtSeconds } from '../../format';
import { applyApiErrors } from '../../forms';
import { useI18n } from '../../i18n';
import { messages } from '../../messages';
import { usePagedList } from '../../paged-list';
import { AdminNav } from './AdminNav';

type Delivery = components['schemas']['NotificationView'];
type Status = Delivery['status'];
type Query = NonNullable<operations['NotificationsController_list']['parameters']['query']>;
type Filters = Pick<Query, 'status' | 'channel' | 'dossierCode'>;

const STATUS_ORDER: Record<Status, number> = { failed: 0, dead: 1, pending: 2, sent: 3, cancelled: 4 };
const STATUSES = (Object.keys(STATUS_ORDER) as Status[]).sort((a, b) => STATUS_ORDER[a] - STATUS_ORDER[b]);
const STATUS_COLOR: Record<Status, string> = { failed: 'orange', dead: 'red', pending: 'blue', sent: 'green', cancelled: 'default' };

/** The agency's notification deliveries (admins, supervisors): failed ones first in the filter, each with its last error. */
export function NotificationsPage() {
  const { t, tx, lang } = useI18n();
  const [form] = Form.useForm<Filters>();
  const list = usePagedList<Delivery, Filters>('/api/notifications', { initial: { status: 'failed' }, onError: (err) => applyApiErrors(form, err) });
  const [sending, setSending] = useState<string>();
  const { message } = App.useApp();

  /** Sends a failed or dead delivery again; the row shows what the API answers (pending, tries from 0), a 409 its words. */
  const redeliver = async (id: string) => {
    setSending(id);
    try {
      const again = await api<Delivery>(`/api/notifications/${encodeURIComponent(id)}/redeliver`, { method: 'POST', body: {} });
      list.mapItems((n) => (n.id === id ? again : n));
      list.setError(undefined);
      void message.success(t('notificationRedelivered'));
    } catch (err) {
      list.setError((err as Error).message);
    } finally {
      setSending(undefined);
    }
  };

  /** Its message, or undefined for a code this version of the app has none for. */
  const known = (key: string) => (messages[lang] as Record<string, string | undefined>)[key];
  /**
   * An alert kind, an escalation of one, a digest, a citizen notice, a petition's answer; a kind
   * newer than this app reads as "another kind", never as the code.
   */
  const kindLabel = (k: string): string => {
    const [head, rest] = k.split(':');
    if (head === 'escalate' && rest) return `${t('notificationEscalated')}: ${kindLabel(rest)}`;
    if (/^(step|dossier)_(at_risk|overdue)$/.test(k)) return tx(`kind_${k}`);
    return known(`notificationKind_${k}`) ?? t('notificationKind_other');
  };
  const channelLabel = (c: string): string => known(`notificationChannel_${c}`) ?? t('notificationChannel_other');

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <AdminNav />
      <Card>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
            {t('notificationsTitle')}
          </Typography.Title>
          <Button onClick={list.reload}>{t('refresh')}</Button>
        </Space>
        <Form
          form={form}
          name="notificationFilters"
          layout="inline"
          initialValues={list.filters}
          onFinish={list.search}
          style={{ marginTop: 12, rowGap: 8 }}
        >
          <Form.Item label={t('status')} name="status">
            <Select allowClear aria-label={t('status')} style={{ width: 160 }} options={STATUSES.map((s) => ({ value: s, label: tx(`notificationStatus_${s}`) }))} />
          </Form.Item>
          <Form.Item label={t('notificationChannel')} name="channel">
            <Input style={{ width: 120 }} />
          </Form.Item>
          <Form.Item label={t('code')} name="dossierCode">
            <Input style={{ width: 220 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('adminSearch')}
          </Button>
        </Form>
        {list.error && <Alert type="error" showIcon role="alert" message={list.error} style={{ marginTop: 12 }} />}
        <Table<Delivery>
          style={{ marginTop: 12 }}
          data-testid="notification-list"
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items}
          locale={{ emptyText: t('adminNone') }}
          pagination={list.pagination}
          scroll={{ x: 1000 }}
          columns={[
            { title: t('notificationCreatedAt'), dataIndex: 'createdAt', width: 160, render: fmtSeconds },
            { title: t('notificationChannel'), dataIndex: 'channel', width: 120, render: channelLabel },
            { title: t('notificationRecipient'), dataIndex: 'recipient', width: 180 },
            { title: t('notificationKind'), dataIndex: 'kind', width: 200, render: kindLabel },
            { title: t('code'), dataIndex: 'dossierCode', width: 190, render: (v?: string) => v ?? '—' },
            { title: t('status'), dataIndex: 'status', width: 120, render: (s: Status) => <Tag color={STATUS_COLOR[s]}>{tx(`notificationStatus_${s}`)}</Tag> },
            { title: t('notificationAttempts'), dataIndex: 'attempts', width: 90 },
            { title: t('notificationLastError'), dataIndex: 'lastError', render: (v?: string) => v ?? '—' },
            {
              title: t('actions'),
              key: 'redeliver',
              width: 110,
              render: (_: unknown, n: Delivery) =>
                n.status === 'failed' || n.status === 'dead' ? (
                  <Button size="small" loading={sending === n.id} onClick={() => void redeliver(n.id)}>
                    {t('notificationRedeliver')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
    </Space>
  );
}

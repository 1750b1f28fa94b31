import { Alert, App, Button, Card, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, type Page } from '../../api';
import type { components, operations } from '../../api.generated';
import { fmtSeconds } from '../../format';
import { applyApiErrors } from '../../forms';
import { useI18n } from '../../i18n';
import { AdminNav } from './AdminNav';

type Delivery = components['schemas']['NotificationView'];
type Status = Delivery['status'];
type Query = NonNullable<operations['NotificationsController_list']['parameters']['query']>;

const STATUS_ORDER: Record<Status, number> = { failed: 0, dead: 1, pending: 2, sent: 3, cancelled: 4 };
const STATUSES = (Object.keys(STATUS_ORDER) as Status[]).sort((a, b) => STATUS_ORDER[a] - STATUS_ORDER[b]);
const STATUS_COLOR: Record<Status, string> = { failed: 'orange', dead: 'red', pending: 'blue', sent: 'green', cancelled: 'default' };
const PAGE_SIZE = 20;

/** The agency's notification deliveries (admins, supervisors): failed ones first in the filter, each with its last error. */
export function NotificationsPage() {
  const { t, tx } = useI18n();
  const [form] = Form.useForm<Pick<Query, 'status' | 'channel' | 'dossierCode'>>();
  const [filters, setFilters] = useState<Pick<Query, 'status' | 'channel' | 'dossierCode'>>({ status: 'failed' });
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Page<Delivery>>();
  const [error, setError] = useState<string>();
  const [sending, setSending] = useState<string>();
  const { message } = App.useApp();

  const load = useCallback(() => {
    setData(undefined);
    const q = new URLSearchParams({ page: String(page), pageSize: String(PAGE_SIZE) });
    for (const [k, v] of Object.entries(filters)) if (typeof v === 'string' && v.trim()) q.set(k, v.trim());
    api<Page<Delivery>>(`/api/notifications?${q.toString()}`).then(
      (p) => {
        setData(p);
        setError(undefined);
      },
      (err: unknown) => setError(applyApiErrors(form, err)),
    );
  }, [filters, page, form]);
  useEffect(() => load(), [load]);

  /** Sends a failed or dead delivery again; the row shows what the API answers (pending, tries from 0), a 409 its words. */
  const redeliver = async (id: string) => {
    setSending(id);
    try {
      const again = await api<Delivery>(`/api/notifications/${encodeURIComponent(id)}/redeliver`, { method: 'POST', body: {} });
      setData((d) => d && { ...d, items: d.items.map((n) => (n.id === id ? again : n)) });
      setError(undefined);
      void message.success(t('notificationRedelivered'));
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setSending(undefined);
    }
  };

  /** An alert kind, an escalation of one, or another kind the API sends (shown as its code). */
  const kindLabel = (k: string) => {
    const [head, rest] = k.split(':');
    if (head === 'escalate' && rest) return `${t('notificationEscalated')}: ${tx(`kind_${rest}`)}`;
    return /^(step|dossier)_(at_risk|overdue)$/.test(k) ? tx(`kind_${k}`) : k;
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <AdminNav />
      <Card>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
            {t('notificationsTitle')}
          </Typography.Title>
          <Button onClick={load}>{t('refresh')}</Button>
        </Space>
        <Form
          form={form}
          name="notificationFilters"
          layout="inline"
          initialValues={filters}
          onFinish={(v) => {
            setFilters(v);
            setPage(1);
          }}
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
        {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginTop: 12 }} />}
        <Table<Delivery>
          style={{ marginTop: 12 }}
          data-testid="notification-list"
          rowKey="id"
          loading={!data && !error}
          dataSource={data?.items}
          locale={{ emptyText: t('adminNone') }}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
          scroll={{ x: 1000 }}
          columns={[
            { title: t('notificationCreatedAt'), dataIndex: 'createdAt', width: 160, render: fmtSeconds },
            { title: t('notificationChannel'), dataIndex: 'channel', width: 100 },
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

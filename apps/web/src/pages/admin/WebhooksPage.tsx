import { Alert, App, Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api';
import type { components, operations } from '../../api.generated';
import { fmtSeconds } from '../../format';
import { useI18n } from '../../i18n';
import { usePagedList } from '../../paged-list';
import { AdminNav } from './AdminNav';
import { WebhookFormModal, type Webhook, type WebhookEvent } from './WebhookForm';

type Delivery = components['schemas']['WebhookDeliveryView'];
type Status = Delivery['status'];
type Filters = Pick<NonNullable<operations['WebhooksController_deliveries']['parameters']['query']>, 'status'>;

// Every delivery status the API knows, the dead-letter list first (a status the API adds fails to compile here).
const STATUS_ORDER: Record<Status, number> = { dead: 0, pending: 1, delivered: 2 };
const STATUSES = (Object.keys(STATUS_ORDER) as Status[]).sort((a, b) => STATUS_ORDER[a] - STATUS_ORDER[b]);
const STATUS_COLOR: Record<Status, string> = { dead: 'red', pending: 'blue', delivered: 'green' };

/**
 * The agency's webhook subscriptions (admins): each receiver's URL, its events, who made it and how
 * many of its deliveries wait or are dead; a new one added; a subscription's deliveries listed by
 * status and a dead one sent again. The API checks the subscription and decides what may be sent
 * again; the page shows its answers.
 */
export function WebhooksPage() {
  const { t } = useI18n();
  const [hooks, setHooks] = useState<Webhook[]>();
  const [error, setError] = useState<string>();
  const [adding, setAdding] = useState(false);
  const [chosen, setChosen] = useState<string>();

  const load = useCallback(() => {
    api<Webhook[]>('/api/webhooks').then(
      (w) => {
        setHooks(w);
        setError(undefined);
      },
      (err: Error) => setError(err.message),
    );
  }, []);
  useEffect(() => load(), [load]);
  const webhook = hooks?.find((w) => w.id === chosen);

  return (
    <>
      <AdminNav />
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Card>
          <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
            <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
              {t('webhooksTitle')}
            </Typography.Title>
            <Space>
              <Button onClick={load}>{t('refresh')}</Button>
              <Button type="primary" onClick={() => setAdding(true)}>
                {t('webhookCreate')}
              </Button>
            </Space>
          </Space>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            {t('webhooksIntro')}
          </Typography.Paragraph>
          {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginTop: 12 }} closable onClose={() => setError(undefined)} />}
          <Table<Webhook>
            style={{ marginTop: 12 }}
            data-testid="webhook-list"
            rowKey="id"
            loading={!hooks && !error}
            dataSource={hooks}
            pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
            locale={{ emptyText: t('adminNone') }}
            rowClassName={(w) => (w.id === chosen ? 'ant-table-row-selected' : '')}
            scroll={{ x: 1200 }}
            columns={[
              { title: t('webhookUrl'), dataIndex: 'url', width: 260, render: (url: string) => <Typography.Text style={{ wordBreak: 'break-all' }}>{url}</Typography.Text> },
              { title: t('webhookEvents'), dataIndex: 'events', render: (events: WebhookEvent[]) => events.map((e) => <Tag key={e}>{t(`webhookEvent_${e}`)}</Tag>) },
              { title: t('status'), dataIndex: 'active', width: 130, render: (active: boolean) => <Tag color={active ? 'green' : 'default'}>{t(active ? 'adminActive' : 'adminInactive')}</Tag> },
              { title: t('webhookCreatedBy'), dataIndex: 'createdBy', width: 120, render: (by?: string) => by ?? '—' },
              { title: t('webhookCreatedAt'), dataIndex: 'createdAt', width: 160, render: fmtSeconds },
              { title: t('webhookStatus_pending'), dataIndex: 'pending', width: 100 },
              { title: t('webhookStatus_dead'), dataIndex: 'dead', width: 110, render: (n: number) => (n ? <Tag color="red">{n}</Tag> : n) },
              {
                title: t('adminActions'),
                key: 'deliveries',
                width: 150,
                render: (_: unknown, w: Webhook) => (
                  <Button size="small" type={w.id === chosen ? 'primary' : 'default'} onClick={() => setChosen(w.id)} aria-label={`${t('webhookDeliveries')} ${w.url}`}>
                    {t('webhookDeliveries')}
                  </Button>
                ),
              },
            ]}
          />
        </Card>
        {webhook && <Deliveries key={webhook.id} webhook={webhook} onRedelivered={load} />}
      </Space>
      <WebhookFormModal
        open={adding}
        onClose={(saved) => {
          setAdding(false);
          if (saved) load();
        }}
      />
    </>
  );
}

/** One subscription's deliveries, newest first, filtered by status; a dead one is sent again (the API answers 409 for a pending one). */
function Deliveries({ webhook, onRedelivered }: { webhook: Webhook; onRedelivered(): void }) {
  const { t, f } = useI18n();
  const { message } = App.useApp();
  const base = `/api/webhooks/${encodeURIComponent(webhook.id)}/deliveries`;
  const list = usePagedList<Delivery, Filters>(base, { initial: {} });
  const [sending, setSending] = useState<string>();

  const redeliver = async (id: string) => {
    setSending(id);
    try {
      await api<Delivery>(`${base}/${encodeURIComponent(id)}/redeliver`, { method: 'POST', body: {} });
      void message.success(t('webhookRedelivered'));
      list.reload();
      onRedelivered();
    } catch (err) {
      list.setError((err as Error).message);
    } finally {
      setSending(undefined);
    }
  };

  return (
    <Card data-testid="webhook-deliveries">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={2} style={{ fontSize: 18, margin: 0, wordBreak: 'break-all' }}>
          {f('webhookDeliveriesOf', { url: webhook.url })}
        </Typography.Title>
        <Space wrap>
          <Select
            allowClear
            aria-label={t('status')}
            placeholder={t('webhookAllStatuses')}
            style={{ width: 220 }}
            value={list.filters.status}
            onChange={(status?: Status) => list.search({ status })}
            options={STATUSES.map((s) => ({ value: s, label: t(`webhookStatus_${s}`) }))}
          />
          <Button onClick={list.reload}>{t('refresh')}</Button>
        </Space>
      </Space>
      {list.error && <Alert type="error" showIcon role="alert" message={list.error} style={{ marginTop: 12 }} />}
      <Table<Delivery>
        style={{ marginTop: 12 }}
        data-testid="webhook-delivery-list"
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items}
        locale={{ emptyText: t('adminNone') }}
        pagination={list.pagination}
        scroll={{ x: 1500 }}
        columns={[
          { title: t('webhookCreatedAt'), dataIndex: 'createdAt', width: 160, render: fmtSeconds },
          { title: t('webhookEvent'), dataIndex: 'event', width: 220, render: (e: WebhookEvent) => t(`webhookEvent_${e}`) },
          { title: t('webhookEventId'), dataIndex: 'eventId', width: 230 },
          { title: t('status'), dataIndex: 'status', width: 170, render: (s: Status) => <Tag color={STATUS_COLOR[s]}>{t(`webhookStatus_${s}`)}</Tag> },
          { title: t('webhookAttempts'), dataIndex: 'attempts', width: 90 },
          { title: t('webhookLastStatus'), dataIndex: 'lastStatus', width: 110, render: (v?: number) => v ?? '—' },
          { title: t('webhookLastError'), dataIndex: 'lastError', width: 220, render: (v?: string) => v ?? '—' },
          {
            title: t('webhookWhen'),
            key: 'when',
            width: 190,
            render: (_: unknown, d: Delivery) =>
              d.deliveredAt ? f('webhookDeliveredAt', { at: fmtSeconds(d.deliveredAt) }) : d.nextAttemptAt ? f('webhookNextAttemptAt', { at: fmtSeconds(d.nextAttemptAt) }) : '—',
          },
          { title: t('webhookRedeliveries'), dataIndex: 'redeliveries', width: 100 },
          {
            title: t('adminActions'),
            key: 'redeliver',
            width: 110,
            render: (_: unknown, d: Delivery) =>
              d.status === 'dead' ? (
                <Button size="small" loading={sending === d.id} onClick={() => void redeliver(d.id)} aria-label={`${t('webhookRedeliver')} ${d.eventId}`}>
                  {t('webhookRedeliver')}
                </Button>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}

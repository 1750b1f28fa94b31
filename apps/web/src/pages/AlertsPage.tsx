import { Alert, App, Badge, Button, Card, Checkbox, Space, Switch, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { isPetitionCode } from '../../../../libs/contracts/src/patterns';
import { useAlertsFeed } from '../alerts';
import { api, type AlertView, type Page } from '../api';
import { fmtSeconds } from '../format';
import { useI18n } from '../i18n';
import { setSoundEnabled, soundEnabled } from '../sound';

const KIND_COLOR: Record<AlertView['kind'], string> = { step_at_risk: 'orange', dossier_at_risk: 'gold', step_overdue: 'red', dossier_overdue: 'magenta' };

/** Live board: the list from GET /api/alerts, then every `event: alert` of the SSE stream on top. */
export function AlertsPage() {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const { live, resumed, subscribe, recount } = useAlertsFeed();
  const [alerts, setAlerts] = useState<AlertView[]>();
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const [sound, setSound] = useState(soundEnabled);
  const [showAcked, setShowAcked] = useState(false);
  const [error, setError] = useState<string>();

  const load = useCallback(() => {
    api<Page<AlertView>>(`/api/alerts?pageSize=100${showAcked ? '' : '&acknowledged=false'}`).then(
      (p) => {
        // Keep alerts that arrived over SSE while the list was loading.
        setAlerts((prev) => merge(p.items, prev ?? []));
      },
      (err: Error) => setError(err.message),
    );
  }, [showAcked]);

  useEffect(() => load(), [load]);

  useEffect(
    () =>
      subscribe((a) => {
        setAlerts((prev) => merge([a], prev ?? []));
        setFresh((prev) => new Set(prev).add(a.id));
      }),
    [subscribe],
  );

  const ack = async (a: AlertView) => {
    try {
      const updated = await api<AlertView>(`/api/alerts/${encodeURIComponent(a.id)}/ack`, { method: 'POST' });
      setAlerts((prev) => (prev ?? []).map((x) => (x.id === a.id ? updated : x)).filter((x) => showAcked || !x.acknowledgedAt));
      setFresh((prev) => {
        const next = new Set(prev);
        next.delete(a.id);
        return next;
      });
      recount();
      void message.success(t('acknowledged'));
    } catch (err) {
      void message.error((err as Error).message);
    }
  };

  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Space>
          <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
            {t('alertsTitle')}
          </Typography.Title>
          <Badge count={fresh.size} offset={[8, 0]} data-testid="new-alerts-badge" title={`${fresh.size} ${t('newAlerts')}`}>
            <span className="sr-only" aria-live="polite">
              {fresh.size} {t('newAlerts')}
            </span>
          </Badge>
        </Space>
        <Space>
          <Tag color={live ? 'green' : 'default'} data-testid="sse-state" data-live={live ? 'yes' : 'no'}>
            {live ? t('live') : t('offline')}
          </Tag>
          {resumed && (
            <Typography.Text data-testid="sse-resumed" data-missed={resumed.missed}>
              {t('reconnectedAt')} {resumed.at.toLocaleTimeString()} · {resumed.missed} {t('missedAlertsDelivered')}
            </Typography.Text>
          )}
          <Space size={6}>
            <Switch
              id="alert-sound"
              size="small"
              checked={sound}
              data-testid="alert-sound"
              onChange={(on) => {
                setSoundEnabled(on);
                setSound(on);
              }}
            />
            <label htmlFor="alert-sound">{t('alertSound')}</label>
          </Space>
          <Checkbox checked={showAcked} onChange={(e) => setShowAcked(e.target.checked)}>
            {t('showAcknowledged')}
          </Checkbox>
          <Button onClick={load}>{t('refresh')}</Button>
        </Space>
      </Space>
      {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginTop: 12 }} />}
      <Table<AlertView>
        style={{ marginTop: 12 }}
        data-testid="alerts-board"
        rowKey="id"
        loading={!alerts && !error}
        dataSource={alerts}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t('empty') }}
        rowClassName={(a) => (fresh.has(a.id) ? 'alert-new' : '')}
        scroll={{ x: 800 }}
        columns={[
          { title: t('firedAt'), dataIndex: 'firedAt', render: fmtSeconds, width: 170 },
          { title: t('kind'), dataIndex: 'kind', render: (k: AlertView['kind']) => <Tag color={KIND_COLOR[k]}>{tx(`kind_${k}`)}</Tag> },
          { title: t('dossier'), dataIndex: 'dossierCode', render: (c: string) => <Link to={`${isPetitionCode(c) ? '/kien-nghi' : '/ho-so'}/${encodeURIComponent(c)}`}>{c}</Link> },
          { title: t('step'), dataIndex: 'stepName', render: (name: string | undefined, a) => <span data-field="step" data-step={a.stepKey}>{name ?? (a.stepKey && isPetitionCode(a.dossierCode) ? tx(`petitionStage_${a.stepKey}`) : a.stepKey) ?? '—'}</span> },
          { title: t('dueAt'), dataIndex: 'dueAt', render: fmtSeconds, width: 170 },
          {
            title: t('actions'),
            key: 'ack',
            render: (_: unknown, a) =>
              a.acknowledgedAt ? (
                <Tag>{t('acknowledged')}</Tag>
              ) : (
                <Button size="small" onClick={() => void ack(a)} aria-label={`${t('ack')} ${a.dossierCode} ${tx(`kind_${a.kind}`)}`}>
                  {t('ack')}
                </Button>
              ),
          },
        ]}
      />
    </Card>
  );
}

/** Newest first, one row per id. */
function merge(incoming: AlertView[], existing: AlertView[]): AlertView[] {
  const byId = new Map(existing.map((a) => [a.id, a]));
  for (const a of incoming) byId.set(a.id, a);
  return [...byId.values()].sort((a, b) => b.firedAt.localeCompare(a.firedAt) || Number(b.id) - Number(a.id));
}

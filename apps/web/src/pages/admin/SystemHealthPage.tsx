import { Alert, Button, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState, type HTMLAttributes } from 'react';
import { api } from '../../api';
import type { components, operations } from '../../api.generated';
import { fmtSeconds } from '../../format';
import { useI18n } from '../../i18n';
import { AdminNav } from './AdminNav';

type Readiness = operations['HealthController_ready']['responses']['200']['content']['application/json'];
type Check = { status: string; message?: string; [k: string]: unknown };
type ClocksReport = components['schemas']['ClocksReport'];
type Shard = components['schemas']['ShardStatus'];
type SetAside = components['schemas']['SetAsideAlarm'];
type WorkersReport = components['schemas']['WorkersReport'];
type Poller = components['schemas']['WorkerPoller'];

/** /health/ready answers 503 with the same body when something is down: both are read, not thrown. */
async function readiness(): Promise<Readiness> {
  const res = await fetch('/health/ready', { headers: { accept: 'application/json' } });
  if (res.status !== 200 && res.status !== 503) throw new Error(`/health/ready: ${res.status} ${res.statusText}`);
  return (await res.json()) as Readiness;
}

const CHECKS = [
  { key: 'database', label: 'adminHealthDatabase' },
  { key: 'temporal', label: 'adminHealthTemporal' },
  { key: 'clocks', label: 'adminHealthClocks' },
] as const;

/**
 * The installation's health (admins): what /health/ready says of PostgreSQL, Temporal and the
 * deadline clocks, each clock's lag and last sweep (GET /api/system/clocks), and the workers
 * Temporal sees polling (GET /api/system/workers). Shown as the API answers; nothing is judged here.
 */
export function SystemHealthPage() {
  const { t, f } = useI18n();
  const [ready, setReady] = useState<Readiness>();
  const [clocks, setClocks] = useState<ClocksReport>();
  const [workers, setWorkers] = useState<WorkersReport>();
  const [errors, setErrors] = useState<string[]>([]);
  const [loading, setLoading] = useState(true);

  const load = useCallback(() => {
    setLoading(true);
    const failed: string[] = [];
    const note = (what: string) => (err: Error) => void failed.push(`${what}: ${err.message}`);
    void Promise.all([
      readiness().then(setReady, note('/health/ready')),
      api<ClocksReport>('/api/system/clocks').then(setClocks, note('/api/system/clocks')),
      api<WorkersReport>('/api/system/workers').then(setWorkers, note('/api/system/workers')),
    ]).finally(() => {
      setErrors(failed);
      setLoading(false);
    });
  }, []);
  useEffect(() => load(), [load]);

  const check = (key: string): Check | undefined => (ready?.details as Record<string, Check> | undefined)?.[key];
  const upTag = (up: boolean) => <Tag color={up ? 'green' : 'red'}>{t(up ? 'adminHealthUp' : 'adminHealthDown')}</Tag>;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <AdminNav />
      <Card loading={loading && !ready}>
        <Space style={{ width: '100%', justifyContent: 'space-between' }}>
          <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
            {t('adminHealthTitle')}
          </Typography.Title>
          <Button onClick={load} loading={loading}>
            {t('refresh')}
          </Button>
        </Space>
        {errors.map((e) => (
          <Alert key={e} type="error" showIcon role="alert" message={e} style={{ marginTop: 12 }} />
        ))}
        {ready && (
          <Descriptions bordered column={1} size="small" style={{ marginTop: 12 }} data-testid="readiness" data-status={ready.status}>
            <Descriptions.Item label={t('adminHealthReady')}>{upTag(ready.status === 'ok')}</Descriptions.Item>
            {CHECKS.map(({ key, label }) => {
              const c = check(key);
              return (
                <Descriptions.Item key={key} label={t(label)}>
                  <span data-testid={`check-${key}`} data-status={c?.status ?? 'absent'}>
                    {c ? upTag(c.status === 'up') : '—'} {c?.message}
                  </span>
                </Descriptions.Item>
              );
            })}
            <Descriptions.Item label={t('adminHealthWorkers')}>
              {workers && (
                <span data-testid="check-workers" data-status={workers.problems.length ? 'down' : 'up'}>
                  {upTag(workers.problems.length === 0)} {f('adminHealthPollers', { workflow: workers.workflowPollers.length, activity: workers.activityPollers.length, queue: workers.taskQueue })}
                </span>
              )}
            </Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      <Card title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{t('adminHealthClocks')}</Typography.Title>}>
        {clocks?.problems.map((p) => <Alert key={p} type="warning" showIcon message={p} style={{ marginBottom: 12 }} />)}
        {clocks && <Typography.Paragraph>{f('adminHealthClocksSummary', { shards: clocks.shards, maxLag: Math.round(clocks.maxLagMs / 1000) })}</Typography.Paragraph>}
        <Table<Shard>
          data-testid="clock-list"
          rowKey="shard"
          dataSource={clocks?.clocks}
          loading={loading && !clocks}
          pagination={false}
          onRow={(c) => ({ 'data-shard': c.shard, 'data-lag-ms': c.lagMs, 'data-last-sweep': c.lastSweepAt ?? '' }) as HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('adminHealthShard'), dataIndex: 'shard', width: 80 },
            { title: t('adminHealthClockId'), dataIndex: 'clockId' },
            { title: t('adminHealthLag'), dataIndex: 'lagMs', width: 140, render: (ms: number) => f('adminHealthSeconds', { s: (ms / 1000).toFixed(1) }) },
            { title: t('adminHealthLastSweep'), dataIndex: 'lastSweepAt', width: 190, render: (v: string | null) => (v ? fmtSeconds(v) : t('adminHealthNever')) },
            { title: t('adminHealthOldestDue'), dataIndex: 'oldestDueAt', width: 190, render: fmtSeconds },
            { title: t('adminHealthWakeAt'), dataIndex: 'wakeAt', width: 190, render: (v: string | null) => (v ? fmtSeconds(v) : t('adminHealthIdle')) },
          ]}
        />
        {!!clocks?.setAside.length && (
          <>
            <Typography.Title level={3} style={{ fontSize: 15, marginTop: 16 }}>
              {t('adminHealthSetAside')}
            </Typography.Title>
            <Table<SetAside>
              data-testid="set-aside-list"
              rowKey={(a) => `${a.dossierCode}/${a.stepKey}/${a.kind}/${a.level}`}
              dataSource={clocks.setAside}
              pagination={false}
              columns={[
                { title: t('code'), dataIndex: 'dossierCode', width: 200 },
                { title: t('adminHealthFireAt'), dataIndex: 'fireAt', width: 170, render: fmtSeconds },
                { title: t('adminHealthError'), dataIndex: 'error' },
              ]}
            />
          </>
        )}
      </Card>
      <Card title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{t('adminHealthWorkers')}</Typography.Title>}>
        {workers?.problems.map((p) => <Alert key={p} type="warning" showIcon message={p} style={{ marginBottom: 12 }} />)}
        {(['workflowPollers', 'activityPollers'] as const).map((kind) => (
          <div key={kind} style={{ marginBottom: 12 }}>
            <Typography.Title level={3} style={{ fontSize: 15 }}>
              {t(kind === 'workflowPollers' ? 'adminHealthWorkflowPollers' : 'adminHealthActivityPollers')}
            </Typography.Title>
            <Table<Poller>
              data-testid={`pollers-${kind}`}
              rowKey="identity"
              size="small"
              dataSource={workers?.[kind]}
              loading={loading && !workers}
              pagination={false}
              locale={{ emptyText: t('adminHealthNoPoller') }}
              columns={[
                { title: t('adminHealthIdentity'), dataIndex: 'identity' },
                { title: t('adminHealthLastPoll'), dataIndex: 'lastAccessAt', width: 190, render: fmtSeconds },
              ]}
            />
          </div>
        ))}
      </Card>
    </Space>
  );
}

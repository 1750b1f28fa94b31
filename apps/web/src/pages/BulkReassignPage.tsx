import { Alert, Button, Card, Descriptions, Form, Input, Space, Spin, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, ApiError } from '../api';
import type { components } from '../api.generated';
import { fmt } from '../format';
import { useApiSubmit } from '../forms';
import { useI18n } from '../i18n';
import { PageLoading } from '../page';

type Schemas = components['schemas'];
type Progress = Schemas['BulkReassignResponse'];
type StepOutcome = Schemas['BulkReassignStep'];
type ReassignRequest = Pick<Schemas['ReassignDto'], 'from' | 'to'>;

/**
 * A department head moves every open step of an absent officer to another (POST /api/tasks/reassign,
 * a durable workflow in batches), then follows the run (GET /api/tasks/reassign/:id) to its summary.
 * Usernames are typed, as in the dossier page's assign action: no endpoint lists a head's officers.
 * Who may take which step is the API's to say — its 400 lands under the field it names. The run's id
 * stays in the address (`?id=`), so a reload or a shared link shows the same run.
 */
export function BulkReassignPage() {
  const { t } = useI18n();
  const [form] = Form.useForm<ReassignRequest>();
  const { error, saving, run } = useApiSubmit(form);
  const [params, setParams] = useSearchParams();
  const id = params.get('id') ?? undefined;
  // The 202's body: shown at once, before the first read of the run.
  const [started, setStarted] = useState<Progress>();

  const submit = (v: ReassignRequest) =>
    run(async () => {
      const p = await api<Progress>('/api/tasks/reassign', { method: 'POST', body: { from: v.from, to: v.to } });
      setStarted(p);
      setParams({ id: p.id });
    });

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {t('bulkReassignTitle')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t('bulkReassignIntro')}
        </Typography.Paragraph>
        {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" onFinish={submit} data-testid="bulk-reassign-form" initialValues={{ from: '', to: '' }} style={{ maxWidth: 420 }}>
          <Form.Item label={t('bulkReassignFrom')} name="from">
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item label={t('bulkReassignTo')} name="to">
            <Input autoComplete="off" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={saving}>
            {t('bulkReassignSubmit')}
          </Button>
        </Form>
      </Card>
      {id && <ReassignRun key={id} id={id} first={started?.id === id ? started : undefined} />}
    </Space>
  );
}

/** A reassignment read every second until it has completed or stopped, then its summary. */
function ReassignRun({ id, first }: { id: string; first?: Progress }) {
  const { t, f } = useI18n();
  const [progress, setProgress] = useState<Progress | undefined>(first);
  const [error, setError] = useState<string>();
  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = async () => {
      try {
        const p = await api<Progress>(`/api/tasks/reassign/${encodeURIComponent(id)}`);
        if (stop) return;
        setProgress(p);
        setError(undefined);
        if (p.status !== 'running') return;
      } catch (err) {
        if (stop) return;
        setError(err instanceof ApiError ? err.message : String(err));
        // A 404 (no such run in the agency) will not change; a 503 (no worker answering yet) may.
        if (err instanceof ApiError && err.status < 500) return;
      }
      timer = setTimeout(() => void read(), 1000);
    };
    void read();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [id]);

  if (!progress) return error ? <Alert type="error" showIcon role="alert" message={error} /> : <PageLoading />;
  const { status } = progress;
  return (
    <Card data-testid="bulk-reassign-run">
      <div aria-live="polite" data-testid="bulk-reassign-state" data-run={id} data-state={status}>
        <Alert
          type={status === 'completed' ? 'success' : status === 'stopped' ? 'warning' : 'info'}
          showIcon
          message={
            <>
              {status === 'running' && <Spin size="small" aria-hidden style={{ marginRight: 8 }} />}
              {f(`bulkReassign_${status}`, { done: progress.done, total: progress.total, moved: progress.moved, to: progress.to })}
            </>
          }
          description={error}
        />
      </div>
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} style={{ marginTop: 12 }} data-testid="bulk-reassign-summary">
        <Descriptions.Item label={t('bulkReassignAbsent')}>{progress.from}</Descriptions.Item>
        <Descriptions.Item label={t('bulkReassignTaker')}>{progress.to}</Descriptions.Item>
        <Descriptions.Item label={t('bulkReassignRequestedBy')}>{progress.requestedBy}</Descriptions.Item>
        <Descriptions.Item label={t('bulkReassignRequestedAt')}>{fmt(progress.requestedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('bulkReassignMoved')}>
          <span data-testid="bulk-reassign-moved">{progress.moved}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('bulkReassignFinishedAt')}>{fmt(progress.finishedAt)}</Descriptions.Item>
      </Descriptions>
      <StepTable title={f('bulkReassignSkipped', { n: progress.skipped.length })} steps={progress.skipped} testId="bulk-reassign-skipped" />
      <StepTable title={f('bulkReassignFailed', { n: progress.failed.length })} steps={progress.failed} testId="bulk-reassign-failed" />
    </Card>
  );
}

/** Steps not moved, each with the API's reason, shown as it is written (the API's text, not a code). */
function StepTable({ title, steps, testId }: { title: string; steps: StepOutcome[]; testId: string }) {
  const { t } = useI18n();
  return (
    <section style={{ marginTop: 16 }}>
      <Typography.Title level={2} style={{ fontSize: 16 }}>
        {title}
      </Typography.Title>
      <Table<StepOutcome>
        data-testid={testId}
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={steps}
        locale={{ emptyText: t('bulkReassignNone') }}
        columns={[
          {
            title: t('code'),
            key: 'dossier',
            render: (_: unknown, s) => <Link to={`/ho-so/${encodeURIComponent(s.dossierCode)}`}>{s.dossierCode}</Link>,
          },
          { title: t('bulkReassignStepKey'), dataIndex: 'stepKey' },
          { title: t('bulkReassignReason'), dataIndex: 'reason' },
        ]}
      />
    </section>
  );
}

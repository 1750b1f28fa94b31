import { Alert, Button, Card, Col, Descriptions, Form, Input, Popconfirm, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api';
import type { components } from '../../api.generated';
import { useAuth } from '../../auth';
import { dayjs, fmt, fmtDate, fmtSpan } from '../../format';
import { applyApiErrors, useRequiredSelects } from '../../forms';
import { useI18n } from '../../i18n';
import { AdminNav } from './AdminNav';
import { CalendarRollout } from './CalendarRollout';

type Agency = components['schemas']['AgencyView'];
type MergeResult = components['schemas']['MergeResultView'];
interface MergeForm {
  code: string;
  successor: string;
  effectiveDate: string;
}

/** An agency's `effectiveTo` is its first day out of force: shown is the last day in force. */
const lastDay = (effectiveTo: string | null) => effectiveTo && dayjs(effectiveTo).subtract(1, 'day').format('YYYY-MM-DD');

/**
 * The agencies (admins): each with the dates it is in force, the agency it was merged into and
 * those merged into it. A platform administrator (the session says who is) merges one into
 * another from a date — the API moves its open dossiers, departments, staff and procedures and
 * answers what it moved; the calendar rollout that re-plans them, when the calendars differ, is
 * followed here.
 */
export function AgenciesPage() {
  const { t, f } = useI18n();
  const { session } = useAuth();
  const [agencies, setAgencies] = useState<Agency[]>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<MergeResult>();
  const [form] = Form.useForm<MergeForm>();
  useRequiredSelects('agency-merge_code', 'agency-merge_successor');

  const load = useCallback(() => {
    api<Agency[]>('/api/agencies').then(setAgencies, (err: Error) => setError(err.message));
  }, []);
  useEffect(load, [load]);

  const merge = async ({ code, successor, effectiveDate }: MergeForm) => {
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      setResult(await api<MergeResult>(`/api/agencies/${encodeURIComponent(code)}/merge-into/${encodeURIComponent(successor)}`, { method: 'POST', body: { effectiveDate } }));
      form.resetFields();
      load();
    } catch (err) {
      setError(applyApiErrors(form, err));
    } finally {
      setBusy(false);
    }
  };

  const inForce = (agencies ?? []).filter((a) => !a.successorCode);
  const options = inForce.map((a) => ({ value: a.code, label: `${a.code} — ${a.name}` }));
  return (
    <>
      <AdminNav />
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Card>
          <Typography.Title level={1} style={{ fontSize: 22 }}>{t('agenciesTitle')}</Typography.Title>
          {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 12 }} />}
          <Table<Agency>
            data-testid="agencies"
            size="small"
            rowKey="code"
            loading={!agencies && !error}
            dataSource={agencies}
            pagination={false}
            columns={[
              { title: t('agencyCode'), dataIndex: 'code', width: 150 },
              { title: t('agencyName'), dataIndex: 'name' },
              { title: t('inForce'), key: 'force', width: 200, render: (_: unknown, a: Agency) => fmtSpan(a.effectiveFrom, lastDay(a.effectiveTo)) },
              {
                title: t('agencyMergers'),
                key: 'mergers',
                render: (_: unknown, a: Agency) => (
                  <Space direction="vertical" size={0}>
                    {a.successorCode && <span>{f('agencyMergedInto', { code: a.successorCode, at: a.mergedAt ? fmt(a.mergedAt) : '—', by: a.mergedBy ?? '—' })}</span>}
                    {a.predecessorCodes.length > 0 && <span>{f('agencyPredecessors', { codes: a.predecessorCodes.join(', ') })}</span>}
                    {!a.successorCode && a.predecessorCodes.length === 0 && '—'}
                  </Space>
                ),
              },
              { title: t('status'), key: 'state', width: 120, render: (_: unknown, a: Agency) => <Tag color={a.successorCode ? 'default' : 'green'}>{t(a.successorCode ? 'agencyMerged' : 'agencyInForce')}</Tag> },
            ]}
          />
        </Card>

        {session?.user.platformAdmin && (
          <Card data-testid="agency-merge">
            <Typography.Title level={2} style={{ fontSize: 18 }}>{t('agencyMergeTitle')}</Typography.Title>
            <Typography.Paragraph type="secondary">{t('agencyMergeHint')}</Typography.Paragraph>
            <Form<MergeForm> form={form} name="agency-merge" layout="vertical" onFinish={(v) => void merge(v)}>
              <Row gutter={16}>
                <Col xs={24} md={9}>
                  <Form.Item label={t('agencyMergeFrom')} name="code" rules={[{ required: true, message: t('required') }]}>
                    <Select showSearch optionFilterProp="label" options={options} virtual={false} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={9}>
                  <Form.Item label={t('agencyMergeInto')} name="successor" rules={[{ required: true, message: t('required') }]}>
                    <Select showSearch optionFilterProp="label" options={options} virtual={false} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={6}>
                  <Form.Item label={t('agencyMergeDate')} name="effectiveDate" extra={t('agencyMergeDateHint')} rules={[{ required: true, message: t('required') }]}>
                    <Input type="date" />
                  </Form.Item>
                </Col>
              </Row>
              <Popconfirm title={t('agencyMergeConfirm')} okText={t('confirm')} cancelText={t('cancel')} onConfirm={() => form.submit()}>
                <Button type="primary" danger loading={busy} data-testid="agency-merge-submit">{t('agencyMergeSubmit')}</Button>
              </Popconfirm>
            </Form>
            {result && (
              <div data-testid="agency-merge-result" style={{ marginTop: 16 }}>
                <Descriptions size="small" bordered column={1} title={f('agencyMergeDone', { from: result.predecessor, into: result.successor, date: fmtDate(result.effectiveDate) })}>
                  <Descriptions.Item label={t('agencyMovedDossiers')}>{result.moved.dossiers}</Descriptions.Item>
                  <Descriptions.Item label={t('navDepartments')}>{result.moved.departments}</Descriptions.Item>
                  <Descriptions.Item label={t('navUsers')}>{result.moved.users}</Descriptions.Item>
                  <Descriptions.Item label={t('agencyMovedProcedures')}>{result.moved.procedures}</Descriptions.Item>
                  <Descriptions.Item label={t('agencyCalendarDiffers')}>{t(result.calendarDiffers ? 'petitionYes' : 'petitionNo')}</Descriptions.Item>
                </Descriptions>
                {result.replan && <CalendarRollout change={result.replan} />}
              </div>
            )}
          </Card>
        )}
      </Space>
    </>
  );
}

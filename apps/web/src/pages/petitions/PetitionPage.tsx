import { Alert, App, Button, Card, Checkbox, Col, Descriptions, Form, Input, Row, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, type PetitionDetail, type PetitionView } from '../../api';
import { fmt } from '../../format';
import { applyApiErrors } from '../../forms';
import { useI18n } from '../../i18n';

type Stage = NonNullable<PetitionView['stage']>;

/** One petition: what the citizen sent, its stages with their due dates, its history, and the open stage's command. */
export function PetitionPage() {
  const { code = '' } = useParams();
  const { t, tx } = useI18n();
  const [p, setP] = useState<PetitionDetail>();
  const [error, setError] = useState<string>();
  const load = useCallback(() => {
    api<PetitionDetail>(`/api/petitions/${encodeURIComponent(code)}`).then(
      (v) => (setP(v), setError(undefined)),
      (err: Error) => setError(err.message),
    );
  }, [code]);
  useEffect(() => load(), [load]);
  if (error) return <Alert type="error" showIcon role="alert" message={error} />;
  if (!p) return <Card loading />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card>
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          {t('petitionTitle')} {p.code}
        </Typography.Title>
        <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
          <Descriptions.Item label={t('status')}>
            <Tag data-testid="petition-page-status" data-status={p.status}>{tx(`petitionStatus_${p.status}`)}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('petitionKind')}>{tx(`petitionKind_${p.kind}`)}</Descriptions.Item>
          <Descriptions.Item label={t('petitionSource')}>{tx(`petitionSource_${p.source}`)}</Descriptions.Item>
          <Descriptions.Item label={t('petitionDueAt')}>{fmt(p.dueAt)}</Descriptions.Item>
          <Descriptions.Item label={t('feedbackName')}>{p.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('feedbackContact')}>{p.contact ?? '—'}</Descriptions.Item>
          {p.dossierCode && (
            <Descriptions.Item label={t('petitionAboutDossier')}>
              <Link to={`/ho-so/${encodeURIComponent(p.dossierCode)}`}>{p.dossierCode}</Link>
            </Descriptions.Item>
          )}
          {p.assignee && <Descriptions.Item label={t('petitionAssignee')}>{p.assignee}</Descriptions.Item>}
          <Descriptions.Item label={t('petitionSubject')} span={2}>{p.subject}</Descriptions.Item>
          <Descriptions.Item label={t('feedbackMessage')} span={2}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{p.message}</span>
          </Descriptions.Item>
          {p.reason && <Descriptions.Item label={t('petitionReason')} span={2}>{p.reason}</Descriptions.Item>}
          {p.forwardTo && <Descriptions.Item label={t('petitionForwardTo')} span={2}>{p.forwardTo}</Descriptions.Item>}
          {p.answer && (
            <Descriptions.Item label={t('petitionAnswer')} span={2}>
              <span style={{ whiteSpace: 'pre-wrap' }}>{p.answer}</span>
            </Descriptions.Item>
          )}
          {p.consent !== undefined && <Descriptions.Item label={t('petitionConsent')}>{p.consent ? t('petitionYes') : t('petitionNo')}</Descriptions.Item>}
        </Descriptions>
      </Card>
      {p.stage && <StageCommand petition={p} stage={p.stage} onDone={load} />}
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card title={t('petitionStages')}>
            <Table
              rowKey="key"
              size="small"
              pagination={false}
              dataSource={p.stages}
              columns={[
                { title: t('petitionStage'), dataIndex: 'key', render: (k: string) => tx(`petitionStage_${k}`) },
                { title: t('petitionStartedAt'), dataIndex: 'startedAt', render: fmt },
                { title: t('dueAt'), dataIndex: 'dueAt', render: fmt },
                { title: t('petitionCompletedAt'), dataIndex: 'completedAt', render: (v?: string) => (v ? fmt(v) : '—') },
                { title: t('petitionTimeliness'), dataIndex: 'timeliness', render: (v?: string) => (v ? tx(v) : '—') },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('petitionHistory')}>
            <Timeline
              items={p.events.map((e) => ({
                key: e.seq,
                children: (
                  <span>
                    {fmt(e.at)} — {tx(`petitionEvent_${e.type}`)} {e.actor ? `(${e.actor})` : ''}
                  </span>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}

/** The open stage's one command; the API (the petition's workflow) says 403/409 when this account may not. */
function StageCommand({ petition, stage, onDone }: { petition: PetitionView; stage: Stage; onDone(): void }) {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const outcome = Form.useWatch('outcome', form) as string | undefined;
  const submit = async (v: Record<string, unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await api(`/api/petitions/${encodeURIComponent(petition.code)}/${stage}`, { method: 'POST', body: stage === 'publish' ? { consent: Boolean(v.consent) } : v });
      void message.success(t('petitionSaved'));
      form.resetFields();
      onDone();
    } catch (err) {
      setError(applyApiErrors(form, err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={`${t('petitionStage')}: ${tx(`petitionStage_${stage}`)}`} data-testid="petition-command">
      {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={stage === 'classify' ? { outcome: 'in_scope' } : stage === 'assign' ? { assignee: petition.assignee } : {}}>
        {stage === 'classify' && (
          <>
            <Form.Item label={t('petitionOutcome')} name="outcome" rules={[{ required: true, message: t('required') }]}>
              <Select options={(['in_scope', 'out_of_scope', 'forward'] as const).map((o) => ({ value: o, label: tx(`petitionOutcome_${o}`) }))} />
            </Form.Item>
            <Form.Item label={t('petitionReason')} name="reason" rules={[{ required: true, whitespace: true, message: t('required') }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
            {outcome === 'forward' && (
              <Form.Item label={t('petitionForwardTo')} name="forwardTo" rules={[{ required: true, whitespace: true, message: t('required') }]}>
                <Input />
              </Form.Item>
            )}
          </>
        )}
        {stage === 'assign' && (
          <Form.Item label={t('petitionAssignee')} name="assignee" extra={t('petitionAssigneeHint')} rules={[{ required: true, whitespace: true, message: t('required') }]}>
            <Input autoComplete="off" />
          </Form.Item>
        )}
        {stage === 'answer' && (
          <Form.Item label={t('petitionAnswer')} name="answer" rules={[{ required: true, whitespace: true, message: t('required') }]}>
            <Input.TextArea rows={5} showCount maxLength={8000} />
          </Form.Item>
        )}
        {stage === 'publish' && (
          <Form.Item name="consent" valuePropName="checked" extra={t('petitionConsentHint')}>
            <Checkbox>{t('petitionConsent')}</Checkbox>
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={busy} data-testid="petition-command-submit">
          {tx(`petitionDo_${stage}`)}
        </Button>
      </Form>
    </Card>
  );
}

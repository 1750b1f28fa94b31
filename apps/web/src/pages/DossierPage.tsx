import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Form, Input, Modal, Row, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { PrintForms } from './PrintForms';
import { api, type ControlSheet, type DeadlineExplanation, type DossierAction, type DossierDetail, type StepView } from '../api';
import { deadlineLines, dossierMoves } from '../deadline-text';
import { agencyTz, dayjs, fmt, fmtSeconds } from '../format';
import { applyApiErrors } from '../forms';
import { useI18n, type MsgKey } from '../i18n';
import { DossierPetitions } from './petitions/DossierPetitions';

const RESULT_COLOR = { early: 'green', on_time: 'blue', late: 'red' } as const;

/** The label of each action; the actions themselves are the API's `allowedActions`, shown as they come. */
const LABEL: Record<DossierAction, MsgKey> = {
  receive: 'receive', complete: 'complete', sendBack: 'sendBack', requestSupplement: 'requestSupplement', supplementReceived: 'supplementReceived',
  reschedule: 'reschedule', refuse: 'refuse', withdraw: 'withdraw', recordReturn: 'returnResult', claim: 'claim', assign: 'assign',
};

export function DossierPage() {
  const { t, tx, f, lang } = useI18n();
  const { code = '' } = useParams();
  const [dossier, setDossier] = useState<DossierDetail>();
  const [sheet, setSheet] = useState<ControlSheet>();
  const [deadlines, setDeadlines] = useState<DeadlineExplanation>();
  const [error, setError] = useState<string>();
  const [action, setAction] = useState<DossierAction>();
  const load = useCallback(async () => {
    const c = encodeURIComponent(code);
    try {
      const [d, s, e] = await Promise.all([
        api<DossierDetail>(`/api/dossiers/${c}`),
        api<ControlSheet>(`/api/dossiers/${c}/control-sheet`).catch(() => undefined),
        api<DeadlineExplanation>(`/api/dossiers/${c}/deadlines`).catch(() => undefined),
      ]);
      setDossier(d);
      setSheet(s);
      setDeadlines(e);
      setError(undefined);
    } catch (err) {
      setError((err as Error).message);
    }
  }, [code]);
  useEffect(() => {
    void load();
  }, [load]);
  if (error) return <Alert type="error" showIcon role="alert" message={error} />;
  if (!dossier) return <Card loading />;
  const current = dossier.steps.find((s) => s.key === dossier.currentStepKey);
  // Readers see a step's name, never its key.
  const stepName = (key?: string) => (key ? (dossier.steps.find((s) => s.key === key)?.name ?? key) : '');
  const elapsedClock = (key: string) => dossier.steps.find((s) => s.key === key)?.clock === 'elapsed';
  // Exactly what the API says this user may do now: no rule of who may act lives in this app.
  const actions = dossier.allowedActions;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          {t('dossier')} <span data-testid="dossier-code">{dossier.code}</span>
        </Typography.Title>
        {dossier.halted && (
          // Its workflow ended outside the API (an operator, a timeout): said before anything else.
          <Alert
            type="warning"
            showIcon
            role="status"
            data-testid="dossier-halted"
            data-status={dossier.halted.status}
            style={{ marginBottom: 16 }}
            message={`${t('halted')}: ${tx(`halted_${dossier.halted.status}`)} — ${fmt(dossier.halted.at)}`}
            description={[dossier.halted.reason, t('haltedNote')].filter(Boolean).join(' · ')}
          />
        )}
        <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('status')}>
            <Tag color="blue" data-testid="dossier-status" data-status={dossier.status}>
              {tx(`status_${dossier.status}`)}
            </Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('currentStep')}>
            {current ? (
              <span data-testid="current-step" data-step={current.key}>
                {current.name}
              </span>
            ) : (
              '—'
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('applicant')}>{dossier.applicant?.name}</Descriptions.Item>
          <Descriptions.Item label={t('procedure')}>{dossier.procedureCode}</Descriptions.Item>
          <Descriptions.Item label={t('receivedAt')}>{fmt(dossier.receivedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('dueAt')}>
            {fmt(dossier.dueAt)} {dossier.timeliness && <Tag>{tx(dossier.timeliness)}</Tag>}
          </Descriptions.Item>
        </Descriptions>
        <PrintForms dossier={dossier} />
        {actions.length > 0 && (
          <section aria-label={t('actions')} style={{ marginTop: 16 }}>
            <Space wrap>
              {actions.map((a) => (
                <Button key={a} type={a === 'complete' || a === 'recordReturn' ? 'primary' : 'default'} danger={a === 'refuse' || a === 'withdraw'} onClick={() => setAction(a)} data-action={a}>
                  {t(LABEL[a])}
                </Button>
              ))}
            </Space>
          </section>
        )}
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card title={t('controlSheet')}>
            <Timeline
              data-testid="control-sheet"
              items={(sheet?.rows ?? []).map((r) => ({
                color: r.result ? RESULT_COLOR[r.result] : 'gray',
                children: (
                  <div>
                    <strong>{fmt(r.handoverAt)}</strong> — {r.from} → {r.to}
                    {r.result && <Tag color={RESULT_COLOR[r.result]} style={{ marginLeft: 8 }}>{tx(r.result)}</Tag>}
                    {r.note && <div style={{ color: '#555' }}>{r.note}</div>}
                  </div>
                ),
              }))}
            />
            <Table<StepView>
              size="small"
              rowKey={(s) => `${s.key}-${s.attempt}`}
              pagination={false}
              dataSource={dossier.steps}
              scroll={{ x: 560 }}
              columns={[
                { title: t('step'), dataIndex: 'name' },
                { title: t('status'), dataIndex: 'status', render: (v: StepView['status']) => <span data-field="step-status" data-status={v}>{tx(`stepStatus_${v}`)}</span> },
                { title: t('stepDue'), dataIndex: 'dueAt', render: (v: string, s) => (s.clock === 'elapsed' ? fmtSeconds(v) : fmt(v)) },
                { title: t('state'), dataIndex: 'timeliness', render: (v?: string) => (v ? tx(v) : '') },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('deadlines')} style={{ marginBottom: 16 }}>
            {deadlines ? (
              <>
                <p data-testid="deadline-text">
                  <strong>{t('dossier')}</strong>: {deadlineLines(deadlines.dossier, tx, f, lang, deadlines.dossier.trace.some((e) => e.reason === 'elapsed'), dossierMoves(deadlines.dossier, f)).join('; ')}
                </p>
                <ul data-testid="step-deadlines">
                  {deadlines.steps.map((s) => (
                    <li key={s.key} data-step={s.key}>
                      <strong>{stepName(s.key)}</strong>: {deadlineLines(s, tx, f, lang, elapsedClock(s.key)).join('; ')}
                    </li>
                  ))}
                </ul>
              </>
            ) : (
              '—'
            )}
          </Card>
          {dossier.pauses.length > 0 && (
            <Card title={t('pauses')} style={{ marginBottom: 16 }}>
              <ul>
                {dossier.pauses.map((p) => (
                  <li key={p.from}>
                    {fmt(p.from)} → {fmt(p.to)}: {p.reason}
                  </li>
                ))}
              </ul>
            </Card>
          )}
          <Card title={t('alerts')}>
            {dossier.alerts.length === 0 ? '—' : (
              <ul>
                {dossier.alerts.map((a) => (
                  <li key={a.id}>
                    {fmtSeconds(a.firedAt)} — {tx(`kind_${a.kind}`)} {a.stepKey ? `(${a.stepName ?? stepName(a.stepKey)})` : ''}
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </Col>
      </Row>
      <DossierPetitions code={dossier.code} />
      {action && <ActionModal kind={action} dossier={dossier} onClose={() => setAction(undefined)} onDone={() => { setAction(undefined); void load(); }} />}
    </Space>
  );
}

function ActionModal({ kind, dossier, onClose, onDone }: { kind: DossierAction; dossier: DossierDetail; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const c = encodeURIComponent(dossier.code);
  const step = dossier.currentStepKey ?? '';
  const earlier = dossier.steps.filter((s) => s.status === 'done' && s.position < (dossier.steps.find((x) => x.key === step)?.position ?? 0));
  const submit = async (v: Record<string, unknown>) => {
    setBusy(true);
    setError(undefined);
    const items = typeof v.itemsText === 'string' ? v.itemsText.split('\n').map((s) => s.trim()).filter(Boolean) : [];
    const task = encodeURIComponent(`${dossier.code}~${step}`);
    const call: Record<DossierAction, [string, unknown]> = {
      receive: [`/api/dossiers/${c}/receive`, {}],
      complete: [`/api/dossiers/${c}/steps/${step}/complete`, { note: v.note || undefined }],
      sendBack: [`/api/dossiers/${c}/steps/${step}/return`, { toStepKey: v.toStepKey, reason: v.reason }],
      requestSupplement: [`/api/dossiers/${c}/supplement-requests`, { reason: v.reason, items }],
      supplementReceived: [`/api/dossiers/${c}/supplements`, { note: v.note || undefined }],
      reschedule: [`/api/dossiers/${c}/reschedule`, { newDueAt: v.newDueAt ? (v.newDueAt as ReturnType<typeof dayjs>).tz(agencyTz(), true).format() : undefined, reason: v.reason }],
      refuse: [`/api/dossiers/${c}/refuse`, { reason: v.reason }],
      withdraw: [`/api/dossiers/${c}/withdraw`, { reason: v.reason }],
      recordReturn: [`/api/dossiers/${c}/return-result`, { note: v.note || undefined }],
      claim: [`/api/tasks/${task}/claim`, undefined],
      assign: [`/api/tasks/${task}/assign`, { assignee: v.assignee }],
    };
    try {
      await api(call[kind][0], { method: 'POST', body: call[kind][1] });
      void message.success(t('done'));
      onDone();
    } catch (err) {
      setError(applyApiErrors(form, err, { items: ['itemsText'] }));
    } finally {
      setBusy(false);
    }
  };
  const needsReason = kind === 'sendBack' || kind === 'requestSupplement' || kind === 'reschedule' || kind === 'refuse' || kind === 'withdraw';
  const takesNote = kind === 'complete' || kind === 'supplementReceived' || kind === 'recordReturn';
  return (
    <Modal open title={t(LABEL[kind])} onCancel={onClose} okText={t('confirm')} cancelText={t('cancel')} okButtonProps={{ loading: busy, htmlType: 'submit', form: 'action-form' }} destroyOnHidden>
      {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 12 }} />}
      <Form id="action-form" form={form} layout="vertical" onFinish={submit} initialValues={{ toStepKey: earlier[earlier.length - 1]?.key }}>
        {kind === 'sendBack' && (
          <Form.Item label={t('toStep')} name="toStepKey" rules={[{ required: true, message: t('required') }]}>
            <Select options={earlier.map((s) => ({ value: s.key, label: s.name }))} />
          </Form.Item>
        )}
        {kind === 'reschedule' && (
          <Form.Item label={t('newDueAt')} name="newDueAt" rules={[{ required: true, message: t('required') }]}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="DD/MM/YYYY HH:mm" style={{ width: '100%' }} />
          </Form.Item>
        )}
        {needsReason && (
          <Form.Item label={t('reason')} name="reason" rules={[{ required: true, whitespace: true, message: t('required') }, { max: 2000 }]}>
            <Input.TextArea rows={3} autoFocus />
          </Form.Item>
        )}
        {kind === 'requestSupplement' && (
          <Form.Item label={t('items')} name="itemsText">
            <Input.TextArea rows={3} />
          </Form.Item>
        )}
        {kind === 'assign' && (
          <Form.Item label={t('assignee')} name="assignee" rules={[{ required: true, whitespace: true, message: t('required') }]}>
            <Input autoFocus />
          </Form.Item>
        )}
        {takesNote && (
          <Form.Item label={t('note')} name="note" rules={[{ max: 2000 }]}>
            <Input.TextArea rows={3} autoFocus />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

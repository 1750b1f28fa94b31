import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Form, Input, Modal, Row, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { api, ROLE_FOR_STEP, type ControlSheet, type DeadlineExplanation, type DossierDetail, type StepView, type User } from '../api';
import { useAuth } from '../auth';
import { agencyTz, dayjs, fmt, fmtSeconds } from '../format';
import { applyApiErrors } from '../forms';
import { useI18n, type MsgKey } from '../i18n';

type ActionKind = 'complete' | 'sendBack' | 'requestSupplement' | 'supplementReceived' | 'reschedule' | 'refuse' | 'returnResult';

const RESULT_COLOR = { early: 'green', on_time: 'blue', late: 'red' } as const;

function mayWork(user: User, step: StepView | undefined): boolean {
  if (!step) return false;
  const role = ROLE_FOR_STEP[step.role];
  if (!user.roles.includes(role)) return false;
  if (user.departmentCode && step.departmentCode && user.departmentCode !== step.departmentCode) return false;
  return !step.assignee || step.assignee === user.username;
}

/** The actions this user may take now (the API checks again and answers 403/409 otherwise). */
export function allowedActions(user: User, d: DossierDetail): ActionKind[] {
  const step = d.steps.find((s) => s.key === d.currentStepKey);
  const works = mayWork(user, step);
  const desk = user.roles.includes('reception');
  const open = d.status === 'received' || d.status === 'processing';
  const out: ActionKind[] = [];
  if (open && works) {
    out.push('complete');
    if (step && d.steps.some((s) => s.position < step.position && s.status === 'done')) out.push('sendBack');
    out.push('requestSupplement');
  }
  if (d.status === 'supplement_requested' && (desk || works)) out.push('supplementReceived');
  if ((open || d.status === 'supplement_requested') && user.roles.includes('approver') && (!user.departmentCode || user.departmentCode === step?.departmentCode) && !d.reschedule) out.push('reschedule');
  if (open && works && step?.role !== 'reception') out.push('refuse');
  if (d.status === 'awaiting_return' && desk) out.push('returnResult');
  return out;
}

export function DossierPage() {
  const { t, tx } = useI18n();
  const { session } = useAuth();
  const { code = '' } = useParams();
  const [dossier, setDossier] = useState<DossierDetail>();
  const [sheet, setSheet] = useState<ControlSheet>();
  const [deadlines, setDeadlines] = useState<DeadlineExplanation>();
  const [error, setError] = useState<string>();
  const [action, setAction] = useState<ActionKind>();
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
  if (!dossier || !session) return <Card loading />;
  const current = dossier.steps.find((s) => s.key === dossier.currentStepKey);
  const actions = allowedActions(session.user, dossier);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          {t('dossier')} <span data-testid="dossier-code">{dossier.code}</span>
        </Typography.Title>
        <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('status')}>
            <Tag color="blue" data-testid="dossier-status" data-status={dossier.status}>
              {tx(`status_${dossier.status}`)}
            </Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('currentStep')}>{current ? `${current.name} (${current.key})` : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('applicant')}>{dossier.applicant?.name}</Descriptions.Item>
          <Descriptions.Item label={t('procedure')}>{dossier.procedureCode}</Descriptions.Item>
          <Descriptions.Item label={t('receivedAt')}>{fmt(dossier.receivedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('dueAt')}>
            {fmt(dossier.dueAt)} {dossier.timeliness && <Tag>{tx(dossier.timeliness)}</Tag>}
          </Descriptions.Item>
        </Descriptions>
        {actions.length > 0 && (
          <section aria-label={t('actions')} style={{ marginTop: 16 }}>
            <Space wrap>
              {actions.map((a) => (
                <Button key={a} type={a === 'complete' || a === 'returnResult' ? 'primary' : 'default'} danger={a === 'refuse'} onClick={() => setAction(a)} data-action={a}>
                  {t(a as MsgKey)}
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
                { title: t('status'), dataIndex: 'status' },
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
                <p data-testid="deadline-text">{deadlines.dossier.text}</p>
                <ul>
                  {deadlines.steps.map((s) => (
                    <li key={s.key}>
                      <strong>{s.key}</strong>: {s.text}
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
                    {fmtSeconds(a.firedAt)} — {tx(`kind_${a.kind}`)} {a.stepKey ? `(${a.stepKey})` : ''}
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </Col>
      </Row>
      {action && <ActionModal kind={action} dossier={dossier} onClose={() => setAction(undefined)} onDone={() => { setAction(undefined); void load(); }} />}
    </Space>
  );
}

function ActionModal({ kind, dossier, onClose, onDone }: { kind: ActionKind; dossier: DossierDetail; onClose(): void; onDone(): void }) {
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
    const call: Record<ActionKind, [string, unknown]> = {
      complete: [`/api/dossiers/${c}/steps/${step}/complete`, { note: v.note || undefined }],
      sendBack: [`/api/dossiers/${c}/steps/${step}/return`, { toStepKey: v.toStepKey, reason: v.reason }],
      requestSupplement: [`/api/dossiers/${c}/supplement-requests`, { reason: v.reason, items }],
      supplementReceived: [`/api/dossiers/${c}/supplements`, { note: v.note || undefined }],
      reschedule: [`/api/dossiers/${c}/reschedule`, { newDueAt: v.newDueAt ? (v.newDueAt as ReturnType<typeof dayjs>).tz(agencyTz(), true).format() : undefined, reason: v.reason }],
      refuse: [`/api/dossiers/${c}/refuse`, { reason: v.reason }],
      returnResult: [`/api/dossiers/${c}/return-result`, { note: v.note || undefined }],
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
  const needsReason = kind === 'sendBack' || kind === 'requestSupplement' || kind === 'reschedule' || kind === 'refuse';
  return (
    <Modal open title={t(kind as MsgKey)} onCancel={onClose} okText={t('confirm')} cancelText={t('cancel')} okButtonProps={{ loading: busy, htmlType: 'submit', form: 'action-form' }} destroyOnHidden>
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
        {!needsReason && (
          <Form.Item label={t('note')} name="note" rules={[{ max: 2000 }]}>
            <Input.TextArea rows={3} autoFocus />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

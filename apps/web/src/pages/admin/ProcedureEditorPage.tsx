import { Alert, Button, Card, Checkbox, Col, Form, Input, InputNumber, Row, Select, Space, Spin, Table, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api } from '../../api';
import { useAuth } from '../../auth';
import { OtherFieldErrors, useApiFieldErrors } from '../../field-errors';
import { fmt } from '../../format';
import { useI18n } from '../../i18n';
import { DURATION_UNITS, durationParts, STEP_ROLES, type DurationUnit, type PlanPreview, type ProcedureBody, type ProcedureVersion, type StepRole } from './ProceduresShared';

interface StepDraft {
  id: number;
  key: string;
  name: string;
  role: StepRole;
  departmentCode: string;
  unit: DurationUnit;
  amount: number | null;
  atRiskRatio: number | null;
}

interface DocDraft {
  id: number;
  name: string;
  copies: number | null;
  original: boolean;
}

interface Draft {
  code: string;
  name: string;
  agencyCode: string;
  field: string;
  fees: string;
  legalBasis: string;
  legalUnit: DurationUnit;
  legalAmount: number | null;
  clockStart: ProcedureVersion['clockStart'];
  supplementPolicy: ProcedureVersion['supplementPolicy'];
  supplementWindowDays: number | null;
  maxSupplementRequests: number | null;
  supplementRequestsBasis: string;
  steps: StepDraft[];
  documents: DocDraft[];
}

let nextId = 1;
const newStep = (): StepDraft => ({ id: nextId++, key: '', name: '', role: 'reviewer', departmentCode: '', unit: 'workingDays', amount: 1, atRiskRatio: null });
const newDoc = (): DocDraft => ({ id: nextId++, name: '', copies: 1, original: false });

function fromVersion(p: ProcedureVersion): Draft {
  const legal = durationParts(p.legalTime);
  return {
    code: p.code,
    name: p.name,
    agencyCode: p.agencyCode,
    field: p.field,
    fees: p.fees,
    legalBasis: p.legalBasis,
    legalUnit: legal.unit,
    legalAmount: legal.amount,
    clockStart: p.clockStart,
    supplementPolicy: p.supplementPolicy,
    supplementWindowDays: p.supplementWindowDays,
    maxSupplementRequests: p.maxSupplementRequests ?? null,
    supplementRequestsBasis: p.supplementRequestsBasis,
    steps: p.steps.map((s) => {
      const d = durationParts(s.duration);
      return { id: nextId++, key: s.key, name: s.name, role: s.role, departmentCode: s.departmentCode ?? '', unit: d.unit, amount: d.amount, atRiskRatio: s.atRiskRatio ?? null };
    }),
    documents: p.documents.map((d) => ({ id: nextId++, name: d.name, copies: d.copies ?? null, original: !!d.original })),
  };
}

function blank(agencyCode: string): Draft {
  return {
    code: '', name: '', agencyCode, field: '', fees: '', legalBasis: '', legalUnit: 'workingDays', legalAmount: 3, clockStart: 'receipt', supplementPolicy: 'subtract',
    supplementWindowDays: 3, maxSupplementRequests: null, supplementRequestsBasis: '', steps: [{ ...newStep(), key: 'reception', name: '', role: 'reception' }], documents: [],
  };
}

/** The body the API reads; empty amounts are sent as they are so that the API names them. */
function toBody(d: Draft): ProcedureBody {
  const duration = (unit: DurationUnit, amount: number | null) => ({ [unit]: amount }) as unknown as ProcedureBody['legalTime'];
  return {
    code: d.code.trim(),
    name: d.name,
    agencyCode: d.agencyCode.trim(),
    legalTime: duration(d.legalUnit, d.legalAmount),
    field: d.field,
    fees: d.fees,
    legalBasis: d.legalBasis,
    clockStart: d.clockStart,
    supplementPolicy: d.supplementPolicy,
    ...(d.supplementWindowDays !== null && { supplementWindowDays: d.supplementWindowDays }),
    ...(d.maxSupplementRequests !== null && { maxSupplementRequests: d.maxSupplementRequests }),
    supplementRequestsBasis: d.supplementRequestsBasis,
    documents: d.documents.map((x) => ({ name: x.name, ...(x.copies !== null && { copies: x.copies }), original: x.original })),
    steps: d.steps.map((s) => ({
      key: s.key.trim(),
      name: s.name,
      role: s.role,
      ...(s.departmentCode.trim() && { departmentCode: s.departmentCode.trim() }),
      duration: duration(s.unit, s.amount),
      ...(s.atRiskRatio !== null && { atRiskRatio: s.atRiskRatio }),
    })),
  };
}

/**
 * A new procedure, or a new version of one (`/quan-tri/thu-tuc/:code/phien-ban-moi`, prefilled with
 * the newest). Every change is sent to the API's dry run (POST /api/procedures/validate): its 400
 * names the fields and says what is wrong; a valid draft answers the deadline plan of a dossier
 * received now. The page checks nothing itself.
 */
export function ProcedureEditorPage() {
  const { t, f } = useI18n();
  const { code } = useParams();
  const { session } = useAuth();
  const navigate = useNavigate();
  const [draft, setDraft] = useState<Draft | null>(code ? null : blank(session?.user.agencyCode ?? ''));
  const [base, setBase] = useState<ProcedureVersion>();
  const fields = useApiFieldErrors();
  const { errors, take, clear } = fields;
  const [plan, setPlan] = useState<PlanPreview | null>(null);
  const [checking, setChecking] = useState(false);
  const [failure, setFailure] = useState<string>();
  const [saving, setSaving] = useState(false);
  const seq = useRef(0);

  useEffect(() => {
    if (!code) return;
    api<ProcedureVersion>(`/api/procedures/${encodeURIComponent(code)}`).then(
      (p) => {
        setBase(p);
        setDraft(fromVersion(p));
      },
      (err: Error) => setFailure(err.message),
    );
  }, [code]);

  const body = useMemo(() => (draft ? toBody(draft) : null), [draft]);

  // Validate as the admin types: the newest answer wins, a little after the last key stroke.
  useEffect(() => {
    if (!body) return;
    const mine = ++seq.current;
    setChecking(true);
    const timer = setTimeout(() => {
      api<PlanPreview>('/api/procedures/validate', { method: 'POST', body }).then(
        (p) => {
          if (mine !== seq.current) return;
          setPlan(p);
          clear();
          setFailure(undefined);
          setChecking(false);
        },
        (err: unknown) => {
          if (mine !== seq.current) return;
          setChecking(false);
          setPlan(null);
          setFailure(take(err));
        },
      );
    }, 300);
    return () => clearTimeout(timer);
  }, [body, take, clear]);

  if (!draft || !body) return <Card>{failure ? <Alert type="error" showIcon role="alert" message={failure} /> : <Spin />}</Card>;

  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const setStep = (i: number, patch: Partial<StepDraft>) => set({ steps: draft.steps.map((s, j) => (j === i ? { ...s, ...patch } : s)) });
  const setDoc = (i: number, patch: Partial<DocDraft>) => set({ documents: draft.documents.map((d, j) => (j === i ? { ...d, ...patch } : d)) });
  const move = (i: number, by: number) => {
    const steps = [...draft.steps];
    [steps[i], steps[i + by]] = [steps[i + by], steps[i]];
    set({ steps });
  };
  const { item, of: errorsOf } = fields;
  const shown = (field: string) =>
    /^(code|name|agencyCode|field|fees|legalBasis|legalTime.*|clockStart|supplementPolicy|supplementWindowDays|maxSupplementRequests|supplementRequestsBasis|steps|documents\[\d+\].*|steps\[\d+\]\.(key|name|role|departmentCode|duration.*|atRiskRatio))$/.test(field);

  const save = async () => {
    setSaving(true);
    try {
      const { code: newCode, ...rest } = body;
      const saved = code
        ? await api<ProcedureVersion>(`/api/procedures/${encodeURIComponent(code)}`, { method: 'PUT', body: rest })
        : await api<ProcedureVersion>('/api/procedures', { method: 'POST', body: { code: newCode, ...rest } });
      navigate(`/quan-tri/thu-tuc/${encodeURIComponent(saved.code)}?v=${saved.version}`);
    } catch (err) {
      setFailure(take(err));
    } finally {
      setSaving(false);
    }
  };

  const unitOptions = DURATION_UNITS.map((u) => ({ value: u, label: t(`unit_${u}`) }));
  const valid = plan !== null && !checking && Object.keys(errors).length === 0;

  return (
    <Card>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {code ? f('editorNewVersionOf', { code, version: (base?.version ?? 0) + 1 }) : t('editorNewProcedure')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('editorHint')}</Typography.Paragraph>
      {failure && <Alert type="error" showIcon role="alert" message={failure} style={{ marginBottom: 12 }} />}
      <OtherFieldErrors errors={errors} shown={shown} />
      <Form layout="vertical" component="div">
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item label={t('procedureCode')} htmlFor="proc-code" {...item('code')}>
              <Input id="proc-code" value={draft.code} disabled={!!code} onChange={(e) => set({ code: e.target.value })} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item label={t('procedureName')} htmlFor="proc-name" {...item('name')}>
              <Input id="proc-name" value={draft.name} onChange={(e) => set({ name: e.target.value })} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label={t('agencyCode')} htmlFor="proc-agency" {...item('agencyCode')}>
              <Input id="proc-agency" value={draft.agencyCode} onChange={(e) => set({ agencyCode: e.target.value })} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item label={t('procedureField')} htmlFor="proc-field" {...item('field')}>
              <Input id="proc-field" value={draft.field} onChange={(e) => set({ field: e.target.value })} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label={t('processingTime')} htmlFor="proc-legal-amount" {...item('legalTime', true)}>
              <Space.Compact>
                <InputNumber id="proc-legal-amount" value={draft.legalAmount} onChange={(v) => set({ legalAmount: v })} style={{ width: 100 }} />
                <Select aria-label={t('durationUnit')} value={draft.legalUnit} onChange={(v) => set({ legalUnit: v })} options={unitOptions} style={{ width: 170 }} />
              </Space.Compact>
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item label={t('clockStart')} htmlFor="proc-clock-start" {...item('clockStart')}>
              <Select id="proc-clock-start" value={draft.clockStart} onChange={(v) => set({ clockStart: v })} options={(['receipt', 'next_working_day_after_cutoff'] as const).map((c) => ({ value: c, label: t(`clockStart_${c}`) }))} />
            </Form.Item>
          </Col>
        </Row>

        <Typography.Title level={2} style={{ fontSize: 18 }}>{t('steps')}</Typography.Title>
        {errorsOf('steps').length > 0 && <Alert type="error" showIcon role="alert" data-testid="error-steps" message={errorsOf('steps').join('; ')} style={{ marginBottom: 12 }} />}
        <ol className="editor-steps" data-testid="editor-steps">
          {draft.steps.map((s, i) => {
            const at = `steps[${i}]`;
            const id = (x: string) => `step-${i}-${x}`;
            return (
              <li key={s.id}>
                <Row gutter={8} align="top">
                  <Col xs={12} md={3}>
                    <Form.Item label={t('stepKey')} htmlFor={id('key')} {...item(`${at}.key`)}>
                      <Input id={id('key')} value={s.key} onChange={(e) => setStep(i, { key: e.target.value })} autoComplete="off" />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={5}>
                    <Form.Item label={t('stepName')} htmlFor={id('name')} {...item(`${at}.name`)}>
                      <Input id={id('name')} value={s.name} onChange={(e) => setStep(i, { name: e.target.value })} autoComplete="off" />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={4}>
                    <Form.Item label={t('stepRole')} htmlFor={id('role')} {...item(`${at}.role`)}>
                      <Select id={id('role')} value={s.role} onChange={(v) => setStep(i, { role: v })} options={STEP_ROLES.map((r) => ({ value: r, label: t(`stepRole_${r}`) }))} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={3}>
                    <Form.Item label={t('departmentCode')} htmlFor={id('dept')} {...item(`${at}.departmentCode`)}>
                      <Input id={id('dept')} value={s.departmentCode} onChange={(e) => setStep(i, { departmentCode: e.target.value })} autoComplete="off" />
                    </Form.Item>
                  </Col>
                  <Col xs={16} md={6}>
                    <Form.Item label={t('stepDuration')} htmlFor={id('amount')} {...item(`${at}.duration`, true)}>
                      <Space.Compact>
                        <InputNumber id={id('amount')} value={s.amount} onChange={(v) => setStep(i, { amount: v })} style={{ width: 70 }} />
                        <Select aria-label={`${t('durationUnit')} ${i + 1}`} value={s.unit} onChange={(v) => setStep(i, { unit: v })} options={unitOptions} style={{ width: 140 }} />
                      </Space.Compact>
                    </Form.Item>
                  </Col>
                  <Col xs={8} md={3}>
                    <Form.Item label={t('atRiskRatio')} htmlFor={id('ratio')} {...item(`${at}.atRiskRatio`)}>
                      <InputNumber id={id('ratio')} value={s.atRiskRatio} step={0.05} placeholder="0.75" onChange={(v) => setStep(i, { atRiskRatio: v })} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                </Row>
                <Space size="small" style={{ marginBottom: 12 }}>
                  <Button size="small" disabled={i === 0} onClick={() => move(i, -1)} aria-label={f('moveStepUp', { n: i + 1 })}>↑</Button>
                  <Button size="small" disabled={i === draft.steps.length - 1} onClick={() => move(i, 1)} aria-label={f('moveStepDown', { n: i + 1 })}>↓</Button>
                  <Button size="small" danger disabled={draft.steps.length === 1} onClick={() => set({ steps: draft.steps.filter((_, j) => j !== i) })}>
                    {f('removeStep', { n: i + 1 })}
                  </Button>
                </Space>
              </li>
            );
          })}
        </ol>
        <Button onClick={() => set({ steps: [...draft.steps, newStep()] })} data-testid="add-step" style={{ marginBottom: 16 }}>
          {t('addStep')}
        </Button>

        <Typography.Title level={2} style={{ fontSize: 18 }}>{t('documentsToBring')}</Typography.Title>
        {draft.documents.map((d, i) => (
          <Row gutter={8} key={d.id} align="top">
            <Col xs={24} md={14}>
              <Form.Item label={f('documentNumber', { n: i + 1 })} htmlFor={`doc-${i}-name`} {...item(`documents[${i}]`, true)}>
                <Input id={`doc-${i}-name`} value={d.name} onChange={(e) => setDoc(i, { name: e.target.value })} autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={8} md={3}>
              <Form.Item label={t('copies')} htmlFor={`doc-${i}-copies`}>
                <InputNumber id={`doc-${i}-copies`} value={d.copies} onChange={(v) => setDoc(i, { copies: v })} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={10} md={4} style={{ paddingTop: 30 }}>
              <Checkbox checked={d.original} onChange={(e) => setDoc(i, { original: e.target.checked })}>{t('original')}</Checkbox>
            </Col>
            <Col xs={6} md={3} style={{ paddingTop: 30 }}>
              <Button size="small" danger onClick={() => set({ documents: draft.documents.filter((_, j) => j !== i) })}>{f('removeDocument', { n: i + 1 })}</Button>
            </Col>
          </Row>
        ))}
        <Button onClick={() => set({ documents: [...draft.documents, newDoc()] })} style={{ marginBottom: 16 }}>
          {t('addDocument')}
        </Button>

        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item label={t('fees')} htmlFor="proc-fees" {...item('fees')}>
              <Input.TextArea id="proc-fees" rows={2} value={draft.fees} onChange={(e) => set({ fees: e.target.value })} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('legalBasis')} htmlFor="proc-basis" {...item('legalBasis')}>
              <Input.TextArea id="proc-basis" rows={2} value={draft.legalBasis} onChange={(e) => set({ legalBasis: e.target.value })} />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item label={t('supplementPolicy')} htmlFor="proc-policy" {...item('supplementPolicy')}>
              <Select id="proc-policy" value={draft.supplementPolicy} onChange={(v) => set({ supplementPolicy: v })} options={(['subtract', 'restart'] as const).map((p) => ({ value: p, label: t(`supplementPolicy_${p}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={5}>
            <Form.Item label={t('supplementWindowDays')} htmlFor="proc-window" {...item('supplementWindowDays')}>
              <InputNumber id="proc-window" value={draft.supplementWindowDays} onChange={(v) => set({ supplementWindowDays: v })} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={5}>
            <Form.Item label={t('maxSupplementRequests')} htmlFor="proc-max-supp" {...item('maxSupplementRequests')}>
              <InputNumber id="proc-max-supp" value={draft.maxSupplementRequests} onChange={(v) => set({ maxSupplementRequests: v })} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label={t('supplementRequestsBasis')} htmlFor="proc-supp-basis" {...item('supplementRequestsBasis')}>
              <Input id="proc-supp-basis" value={draft.supplementRequestsBasis} onChange={(e) => set({ supplementRequestsBasis: e.target.value })} autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
      </Form>

      <Typography.Title level={2} style={{ fontSize: 18 }}>{t('planForNow')}</Typography.Title>
      <div aria-live="polite" data-testid="plan-state" data-state={checking ? 'checking' : valid ? 'valid' : 'invalid'}>
        {checking ? t('checking') : valid ? t('draftValid') : t('draftInvalid')}
      </div>
      {plan && (
        <Table
          data-testid="plan"
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={plan.steps}
          columns={[
            { title: t('stepName'), dataIndex: 'name' },
            { title: t('stepRole'), dataIndex: 'role', render: (r: StepRole) => t(`stepRole_${r}`) },
            { title: t('departmentCode'), dataIndex: 'departmentCode', render: (d?: string) => d ?? '—' },
            { title: t('atRiskFrom'), dataIndex: 'atRiskAt', render: (v: string) => fmt(v) },
            { title: t('dueAt'), dataIndex: 'dueAt', render: (v: string) => <span data-field="step-due">{fmt(v)}</span> },
          ]}
          footer={() => (
            <span data-testid="plan-due">
              {f('planDossierDue', { received: fmt(plan.receivedAt), due: fmt(plan.dueAt) })}
            </span>
          )}
        />
      )}
      <Space style={{ marginTop: 16 }}>
        <Button type="primary" onClick={() => void save()} loading={saving} disabled={!valid} data-testid="save-procedure">
          {code ? t('saveVersion') : t('saveProcedure')}
        </Button>
        <Link to={code ? `/quan-tri/thu-tuc/${encodeURIComponent(code)}` : '/quan-tri/thu-tuc'}>{t('cancel')}</Link>
      </Space>
    </Card>
  );
}

import { Alert, App, Button, Card, Checkbox, Form, InputNumber, Select, Space, Switch, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api';
import type { components } from '../../api.generated';
import { useApiSubmit } from '../../forms';
import { useI18n } from '../../i18n';
import { AdminNav } from './AdminNav';
import { fmtSeconds } from '../../format';

type PolicyView = components['schemas']['EscalationPolicyView'];
type Rules = components['schemas']['EscalationPolicyRules'];
type KindRule = components['schemas']['KindRule'];
type Audience = KindRule['notify'][number];
type Duration = NonNullable<KindRule['escalate']>['after'];
type Unit = 'workingHours' | 'workingDays' | 'seconds' | 'calendarDays';

// Every position and alert kind the API knows (one it adds fails to compile here).
const AUDIENCE_ORDER: Record<Audience, number> = { assignee: 0, department_head: 1, supervisors: 2, agency_leader: 3 };
const AUDIENCES = (Object.keys(AUDIENCE_ORDER) as Audience[]).sort((a, b) => AUDIENCE_ORDER[a] - AUDIENCE_ORDER[b]);
const KIND_ORDER: Record<keyof Rules, number> = { step_at_risk: 0, step_overdue: 1, dossier_at_risk: 2, dossier_overdue: 3 };
const KINDS = (Object.keys(KIND_ORDER) as (keyof Rules)[]).sort((a, b) => KIND_ORDER[a] - KIND_ORDER[b]);
const UNITS: Unit[] = ['workingHours', 'workingDays', 'calendarDays', 'seconds'];

/** A duration as the API writes it ({workingHours: 4} …), edited as an amount and a unit. */
function DurationInput({ value, onChange, id, label }: { value?: Duration; onChange?(d: Duration): void; id?: string; label: string }) {
  const { tx } = useI18n();
  const [unit, amount] = (Object.entries(value ?? { workingHours: 4 })[0] ?? ['workingHours', 4]) as [Unit, number];
  return (
    <Space.Compact>
      <InputNumber id={id} aria-label={label} min={0} value={amount} onChange={(n) => onChange?.({ [unit]: n ?? 0 } as Duration)} style={{ width: 100 }} />
      <Select<Unit> aria-label={`${label} (${tx('escalationUnit')})`} value={unit} onChange={(u) => onChange?.({ [u]: amount } as Duration)} options={UNITS.map((u) => ({ value: u, label: tx(`escalationUnit_${u}`) }))} style={{ width: 150 }} />
    </Space.Compact>
  );
}

/**
 * The agency's escalation chain (admins): for each alert kind, who is told when it rings and who
 * next if it still stands some time after its deadline. The API validates (400 naming e.g.
 * `policy.step_overdue.escalate.after`); per-procedure overrides are kept as they are.
 */
export function EscalationPage() {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ policy: Rules }>();
  const [view, setView] = useState<PolicyView>();
  const { error, setError, saving, run } = useApiSubmit(form);

  const load = useCallback(() => {
    api<PolicyView>('/api/escalation-policy').then(
      (v) => {
        setView(v);
        form.setFieldsValue({ policy: v.policy });
        setError(undefined);
      },
      (err: Error) => setError(err.message),
    );
  }, [form, setError]);
  useEffect(() => load(), [load]);

  const save = ({ policy }: { policy: Rules }) =>
    run(async () => {
      setView(await api<PolicyView>('/api/escalation-policy', { method: 'PUT', body: { policy, procedures: view?.procedures ?? {} } }));
      void message.success(t('adminSaved'));
    });

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <AdminNav />
      <Card loading={!view && !error}>
        <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
          {t('escalationTitle')}
        </Typography.Title>
        {view?.updatedAt && <Typography.Paragraph type="secondary">{`${t('escalationUpdated')}: ${view.updatedBy ?? '—'}, ${fmtSeconds(view.updatedAt)}`}</Typography.Paragraph>}
        {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 12 }} />}
        <Form form={form} name="escalation" layout="vertical" onFinish={save} data-testid="escalation-form">
          {KINDS.map((kind) => (
            <Card key={kind} size="small" style={{ marginBottom: 12 }} title={<Typography.Title level={2} style={{ fontSize: 15, margin: 0 }}>{tx(`kind_${kind}`)}</Typography.Title>}>
              <Form.Item label={t('escalationNotify')} name={['policy', kind, 'notify']}>
                <Checkbox.Group options={AUDIENCES.map((a) => ({ value: a, label: tx(`escalationAudience_${a}`) }))} />
              </Form.Item>
              <Form.Item noStyle shouldUpdate>
                {() => {
                  const escalate = form.getFieldValue(['policy', kind, 'escalate']) as KindRule['escalate'];
                  return (
                    <>
                      <Form.Item label={t('escalationThen')}>
                        <Switch
                          aria-label={`${t('escalationThen')} — ${tx(`kind_${kind}`)}`}
                          checked={!!escalate}
                          onChange={(on) => form.setFieldValue(['policy', kind, 'escalate'], on ? { after: { workingHours: 4 }, notify: ['supervisors'] } : null)}
                        />
                      </Form.Item>
                      {escalate && (
                        <Space wrap align="start">
                          <Form.Item label={t('escalationAfter')} name={['policy', kind, 'escalate', 'after']}>
                            <DurationInput label={`${t('escalationAfter')} — ${tx(`kind_${kind}`)}`} />
                          </Form.Item>
                          <Form.Item label={t('escalationNotifyNext')} name={['policy', kind, 'escalate', 'notify']}>
                            <Checkbox.Group options={AUDIENCES.map((a) => ({ value: a, label: tx(`escalationAudience_${a}`) }))} />
                          </Form.Item>
                        </Space>
                      )}
                    </>
                  );
                }}
              </Form.Item>
            </Card>
          ))}
          {!!view && Object.keys(view.procedures).length > 0 && (
            <Typography.Paragraph>{`${t('escalationOverrides')}: ${Object.keys(view.procedures).join(', ')}`}</Typography.Paragraph>
          )}
          <Space>
            <Button type="primary" htmlType="submit" loading={saving}>
              {t('adminSave')}
            </Button>
            <Button onClick={() => view && form.setFieldsValue({ policy: view.defaults })}>{t('escalationDefaults')}</Button>
          </Space>
        </Form>
      </Card>
    </Space>
  );
}

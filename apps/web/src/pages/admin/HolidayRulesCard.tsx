import { Alert, Button, Card, Col, Form, Input, InputNumber, Radio, Row, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api';
import type { components } from '../../api.generated';
import { useAuth } from '../../auth';
import { fmtSpan } from '../../format';
import { applyApiErrors } from '../../forms';
import { useI18n } from '../../i18n';
import { CalendarRollout, type CalendarChange } from './CalendarRollout';

type HolidayRule = components['schemas']['HolidayRuleDto'];

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The statutory holidays as the API keeps them: versioned law, each rule with the dates it is in
 * force and the act that sets it. A platform administrator (the session says who is) adds one, or
 * a new version of one from a date; saving re-plans the open dossiers it moves, shown as it runs.
 */
export function HolidayRulesCard({ onChanged }: { onChanged(): void }) {
  const { t } = useI18n();
  const { session } = useAuth();
  const [rules, setRules] = useState<HolidayRule[]>();
  const [error, setError] = useState<string>();
  const [adding, setAdding] = useState(false);
  const [busy, setBusy] = useState(false);
  const [change, setChange] = useState<CalendarChange>();
  const [form] = Form.useForm<HolidayRule>();

  const load = useCallback(() => {
    api<HolidayRule[]>('/api/calendar/holiday-rules').then(setRules, (err: Error) => setError(err.message));
  }, []);
  useEffect(load, [load]);

  const save = async (rule: HolidayRule) => {
    setBusy(true);
    setError(undefined);
    try {
      const clean = { ...rule, effectiveTo: rule.effectiveTo || undefined };
      setChange(await api<CalendarChange>('/api/calendar/holiday-rules', { method: 'POST', body: clean }));
      setAdding(false);
      form.resetFields();
      load();
      onChanged();
    } catch (err) {
      setError(applyApiErrors(form, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card data-testid="holiday-rules">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>{t('holidayRulesTitle')}</Typography.Title>
        {session?.user.platformAdmin && !adding && (
          <Button onClick={() => { setChange(undefined); setAdding(true); }} data-testid="holiday-rule-add">{t('holidayRuleAdd')}</Button>
        )}
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t(session?.user.platformAdmin ? 'holidayRulesHintPlatform' : 'holidayRulesHint')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 12 }} />}
      {adding && (
        <Form<HolidayRule> form={form} name="holiday-rule" layout="vertical" onFinish={(v) => void save(v)} initialValues={{ calendar: 'solar', days: 1, daysBefore: 0 }} data-testid="holiday-rule-form">
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item label={t('holidayRuleKey')} name="key" extra={t('holidayRuleKeyHint')} rules={[{ required: true, message: t('required') }]}>
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} md={16}>
              <Form.Item label={t('holidayRuleName')} name="name" rules={[{ required: true, whitespace: true, message: t('required') }, { max: 200 }]}>
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item label={t('holidayRuleCalendar')} name="calendar">
                <Radio.Group aria-label={t('holidayRuleCalendar')} options={(['solar', 'lunar'] as const).map((c) => ({ value: c, label: t(`holidayCalendar_${c}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item label={t('holidayRuleDay')} name="day" rules={[{ required: true, message: t('required') }]}>
                <InputNumber min={1} max={31} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item label={t('holidayRuleMonth')} name="month" rules={[{ required: true, message: t('required') }]}>
                <InputNumber min={1} max={12} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item label={t('holidayRuleDays')} name="days">
                <InputNumber min={1} max={10} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item label={t('holidayRuleDaysBefore')} name="daysBefore">
                <InputNumber min={0} max={9} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item label={t('effectiveFrom')} name="effectiveFrom" rules={[{ required: true, message: t('required') }]}>
                <Input type="date" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item label={t('effectiveTo')} name="effectiveTo">
                <Input type="date" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item label={t('legalSource')} name="source" rules={[{ required: true, whitespace: true, message: t('required') }, { max: 500 }]}>
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
          </Row>
          <Space>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="holiday-rule-save">{t('saveChange')}</Button>
            <Button onClick={() => setAdding(false)}>{t('cancel')}</Button>
          </Space>
        </Form>
      )}
      {change && <CalendarRollout change={change} />}
      <Table<HolidayRule>
        data-testid="holiday-rules-table"
        size="small"
        rowKey={(r) => `${r.key}@${r.effectiveFrom}`}
        loading={!rules && !error}
        dataSource={rules}
        pagination={false}
        style={{ marginTop: 16 }}
        columns={[
          { title: t('holidayRuleName'), dataIndex: 'name' },
          {
            title: t('holidayRuleDate'),
            key: 'date',
            width: 170,
            render: (_: unknown, r: HolidayRule) => (
              <>
                {pad(r.day)}/{pad(r.month)} <Tag color={r.calendar === 'lunar' ? 'gold' : 'blue'}>{t(`holidayCalendar_${r.calendar}`)}</Tag>
              </>
            ),
          },
          { title: t('holidayRuleDays'), dataIndex: 'days', width: 90, render: (d?: number, r?: HolidayRule) => `${d ?? 1}${r?.daysBefore ? ` (${r.daysBefore} ${t('holidayRuleBefore')})` : ''}` },
          { title: t('inForce'), key: 'force', width: 200, render: (_: unknown, r: HolidayRule) => fmtSpan(r.effectiveFrom, r.effectiveTo) },
          { title: t('legalSource'), dataIndex: 'source' },
        ]}
      />
    </Card>
  );
}

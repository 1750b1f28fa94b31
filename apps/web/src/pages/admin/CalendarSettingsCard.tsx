import { Alert, Button, Card, Checkbox, Col, Form, Input, Row, Space, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api';
import { OtherFieldErrors, useApiFieldErrors } from '../../field-errors';
import type { components } from '../../api.generated';
import { useI18n } from '../../i18n';
import { CalendarRollout, type CalendarChange } from './CalendarRollout';

type Schemas = components['schemas'];
type Settings = Schemas['AgencyCalendarSettings'];
type SettingsBody = Schemas['CalendarSettingsDto'];

/** The agency's time zone, office hours, weekends and paper cut-off; saving re-plans its open dossiers. */
export function CalendarSettingsCard({ settings, onSaved }: { settings: Settings; onSaved: () => void }) {
  const { t, f } = useI18n();
  const [draft, setDraft] = useState<SettingsBody>(() => ({ timeZone: settings.timeZone, officeHours: settings.officeHours.map((h) => ({ ...h })), weekendDays: [...settings.weekendDays], paperCutoff: settings.paperCutoff }));
  const fields = useApiFieldErrors();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [change, setChange] = useState<CalendarChange>();

  const help = fields.item;
  const setHours = (i: number, patch: Partial<SettingsBody['officeHours'][number]>) => setDraft({ ...draft, officeHours: draft.officeHours.map((h, j) => (j === i ? { ...h, ...patch } : h)) });
  const save = async () => {
    setBusy(true);
    fields.clear();
    setError(undefined);
    try {
      setChange(await api<CalendarChange>('/api/calendar/settings', { method: 'PUT', body: draft }));
      onSaved();
    } catch (err) {
      setError(fields.take(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card>
      <Typography.Title level={2} style={{ fontSize: 18 }}>{t('agencySettings')}</Typography.Title>
      <Typography.Paragraph type="secondary">
        {f('agencySettingsHint', { agency: settings.agencyCode, hours: settings.hoursPerWorkingDay })}
        {!settings.own && ` ${t('agencySettingsDefault')}`}
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 12 }} />}
      <OtherFieldErrors errors={fields.errors} shown={(k) => /^(timeZone|paperCutoff|officeHours|weekendDays)\b/.test(k)} />
      <Form layout="vertical" component="div">
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item label={t('timeZone')} htmlFor="settings-tz" {...help('timeZone')}>
              <Input id="settings-tz" value={draft.timeZone} onChange={(e) => setDraft({ ...draft, timeZone: e.target.value })} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label={t('paperCutoff')} htmlFor="settings-cutoff" {...help('paperCutoff')}>
              <Input id="settings-cutoff" value={draft.paperCutoff} onChange={(e) => setDraft({ ...draft, paperCutoff: e.target.value })} autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('officeHours')} {...help('officeHours', true)}>
          <Space direction="vertical">
            {draft.officeHours.map((h, i) => (
              <Space key={i}>
                <label htmlFor={`hours-${i}-start`}>{f('officeHoursFrom', { n: i + 1 })}</label>
                <Input id={`hours-${i}-start`} value={h.start} onChange={(e) => setHours(i, { start: e.target.value })} style={{ width: 90 }} />
                <label htmlFor={`hours-${i}-end`}>{t('officeHoursTo')}</label>
                <Input id={`hours-${i}-end`} value={h.end} onChange={(e) => setHours(i, { end: e.target.value })} style={{ width: 90 }} />
                <Button size="small" danger disabled={draft.officeHours.length === 1} onClick={() => setDraft({ ...draft, officeHours: draft.officeHours.filter((_, j) => j !== i) })}>
                  {f('removeOfficeHours', { n: i + 1 })}
                </Button>
              </Space>
            ))}
            <Button size="small" onClick={() => setDraft({ ...draft, officeHours: [...draft.officeHours, { start: '', end: '' }] })}>{t('addOfficeHours')}</Button>
          </Space>
        </Form.Item>
        <Form.Item label={t('weekendDays')} {...help('weekendDays', true)}>
          <Checkbox.Group
            aria-label={t('weekendDays')}
            value={draft.weekendDays}
            onChange={(v) => setDraft({ ...draft, weekendDays: (v as number[]).slice().sort() })}
            options={[1, 2, 3, 4, 5, 6, 0].map((d) => ({ value: d, label: t(`weekday_${d}` as 'weekday_0') }))}
          />
        </Form.Item>
      </Form>
      <Button type="primary" onClick={() => void save()} loading={busy} data-testid="settings-save">
        {t('saveSettings')}
      </Button>
      {change && <CalendarRollout change={change} />}
    </Card>
  );
}

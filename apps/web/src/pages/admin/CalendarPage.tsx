import { Alert, Button, Card, Col, Form, Input, Radio, Row, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api';
import { OtherFieldErrors, useApiFieldErrors } from '../../field-errors';
import type { components } from '../../api.generated';
import { fmt, fmtDate } from '../../format';
import { useI18n } from '../../i18n';
import { CalendarRollout, type CalendarChange } from './CalendarRollout';
import { CalendarSettingsCard } from './CalendarSettingsCard';
import { HolidayRulesCard } from './HolidayRulesCard';

type Schemas = components['schemas'];
type CalendarYear = Schemas['CalendarYear'];
type CalendarDay = CalendarYear['daysOff'][number];
type Settings = Schemas['AgencyCalendarSettings'];
type Preview = Schemas['OverridePreview'];
type Choice = 'day_off' | 'working_day' | 'remove';

interface Marked extends CalendarDay {
  kind: 'day_off' | 'working_day';
}

/** The override's fields the form shows the API's 400 under; others are listed above it. */
const OVERRIDE_FIELDS = ['date', 'reason', 'source'];
const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number) => `${y}-${pad(m + 1)}-${pad(d)}`;

/**
 * The agency's working calendar: a year of days off and worked Saturdays with their sources, an
 * override's preview (the open dossiers it would move, computed by the API) before it is saved, the
 * rollout's progress after, the agency's settings and the statutory holidays.
 */
export function CalendarPage() {
  const { t, f } = useI18n();
  const [year, setYear] = useState(() => new Date().getFullYear());
  const [data, setData] = useState<CalendarYear>();
  const [settings, setSettings] = useState<Settings>();
  const [error, setError] = useState<string>();
  const [date, setDate] = useState('');
  const [choice, setChoice] = useState<Choice>('day_off');
  const [reason, setReason] = useState('');
  const [source, setSource] = useState('');
  const [preview, setPreview] = useState<Preview>();
  const fields = useApiFieldErrors();
  const [busy, setBusy] = useState(false);
  const [change, setChange] = useState<CalendarChange>();

  const load = useCallback(() => {
    api<CalendarYear>(`/api/calendar/${year}`).then(setData, (err: Error) => setError(err.message));
  }, [year]);
  useEffect(load, [load]);
  const loadSettings = useCallback(() => {
    api<Settings>('/api/calendar/settings').then(setSettings, (err: Error) => setError(err.message));
  }, []);
  useEffect(loadSettings, [loadSettings]);

  const marked = useMemo(() => {
    const m = new Map<string, Marked>();
    for (const d of data?.daysOff ?? []) m.set(d.date, { ...d, kind: 'day_off' });
    for (const d of data?.workingDays ?? []) m.set(d.date, { ...d, kind: 'working_day' });
    return m;
  }, [data]);
  const listed = useMemo(() => [...marked.values()].sort((a, b) => a.date.localeCompare(b.date)), [marked]);

  // A preview holds for the date and choice it was made for; changing either asks again.
  useEffect(() => setPreview(undefined), [date, choice]);

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    fields.clear();
    try {
      await fn();
    } catch (err) {
      setError(fields.take(err));
    } finally {
      setBusy(false);
    }
  };
  const askPreview = () =>
    run(async () => {
      setChange(undefined);
      setPreview(await api<Preview>(`/api/calendar/overrides/${encodeURIComponent(date)}/preview`, { method: 'POST', body: choice === 'remove' ? {} : { kind: choice } }));
    });
  const save = () =>
    run(async () => {
      const path = `/api/calendar/overrides/${encodeURIComponent(date)}`;
      const answer =
        choice === 'remove'
          ? await api<CalendarChange>(path, { method: 'DELETE' })
          : await api<CalendarChange>(path, { method: 'PUT', body: { kind: choice, reason, ...(source.trim() && { source: source.trim() }) } });
      setPreview(undefined);
      setChange(answer);
      load();
    });

  const weekend = new Set(settings?.weekendDays ?? [0, 6]);
  // Monday first, as Vietnamese calendars are printed.
  const heads = [1, 2, 3, 4, 5, 6, 0];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
            {f('calendarTitle', { year })}
          </Typography.Title>
          <Space>
            <Button onClick={() => setYear(year - 1)} title={t('previousYear')}>‹ {year - 1}</Button>
            <Button onClick={() => setYear(year + 1)} title={t('nextYear')}>{year + 1} ›</Button>
          </Space>
        </Space>
        {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginTop: 12 }} />}
        <Space wrap style={{ margin: '12px 0' }} aria-hidden>
          <span className="cal-legend cal-off">{t('legendDayOff')}</span>
          <span className="cal-legend cal-worked">{t('legendWorkedDay')}</span>
          <span className="cal-legend cal-weekend">{t('legendWeekend')}</span>
        </Space>
        <div className="cal-year" data-testid="calendar-year" data-version={data?.version}>
          {Array.from({ length: 12 }, (_, month) => {
            const first = new Date(Date.UTC(year, month, 1)).getUTCDay();
            const days = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
            const lead = (first + 6) % 7;
            const cells: (number | null)[] = [...Array<null>(lead).fill(null), ...Array.from({ length: days }, (_, i) => i + 1)];
            while (cells.length % 7) cells.push(null);
            return (
              <table key={month} className="cal-month">
                <caption>{t(`month_${month + 1}` as 'month_1')}</caption>
                <thead>
                  <tr>{heads.map((d) => <th key={d} scope="col" abbr={t(`weekday_${d}` as 'weekday_0')}>{t(`weekdayShort_${d}` as 'weekdayShort_0')}</th>)}</tr>
                </thead>
                <tbody>
                  {Array.from({ length: cells.length / 7 }, (_, w) => (
                    <tr key={w}>
                      {cells.slice(w * 7, w * 7 + 7).map((d, i) => {
                        if (d === null) return <td key={i} />;
                        const key = ymd(year, month, d);
                        const mark = marked.get(key);
                        const cls = mark ? (mark.kind === 'day_off' ? 'cal-off' : 'cal-worked') : weekend.has(heads[i]) ? 'cal-weekend' : '';
                        return (
                          <td key={i} className={cls} title={mark ? `${mark.reason}${mark.source ? ` — ${mark.source}` : ''}` : undefined} data-date={key} onClick={() => setDate(key)}>
                            {d}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            );
          })}
        </div>
        <Table<Marked>
          data-testid="calendar-days"
          size="small"
          rowKey="date"
          loading={!data && !error}
          dataSource={listed}
          pagination={false}
          style={{ marginTop: 16 }}
          columns={[
            { title: t('date'), dataIndex: 'date', width: 110, render: (d: string) => fmtDate(d) },
            { title: t('weekday'), dataIndex: 'date', key: 'weekday', width: 90, render: (d: string) => t(`weekdayShort_${new Date(`${d}T00:00:00Z`).getUTCDay()}` as 'weekdayShort_0') },
            { title: t('dayKind'), dataIndex: 'kind', width: 140, render: (k: Marked['kind']) => <Tag color={k === 'day_off' ? 'red' : 'green'}>{t(k === 'day_off' ? 'legendDayOff' : 'legendWorkedDay')}</Tag> },
            { title: t('reason'), dataIndex: 'reason' },
            { title: t('legalSource'), dataIndex: 'source', render: (s?: string) => s || '—' },
          ]}
        />
      </Card>

      <Card>
        <Typography.Title level={2} style={{ fontSize: 18 }}>{t('overrideTitle')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('overrideHint')}</Typography.Paragraph>
        <OtherFieldErrors errors={fields.errors} shown={(k) => OVERRIDE_FIELDS.includes(k)} />
        <Form layout="vertical" component="div">
          <Row gutter={16}>
            <Col xs={24} md={6}>
              <Form.Item label={t('date')} htmlFor="override-date" {...fields.item('date')}>
                <Input id="override-date" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
              </Form.Item>
            </Col>
            <Col xs={24} md={18}>
              <Form.Item label={t('overrideKind')}>
                <Radio.Group
                  aria-label={t('overrideKind')}
                  value={choice}
                  onChange={(e) => setChoice(e.target.value as Choice)}
                  options={(['day_off', 'working_day', 'remove'] as const).map((c) => ({ value: c, label: t(`override_${c}`) }))}
                />
              </Form.Item>
            </Col>
            {choice !== 'remove' && (
              <>
                <Col xs={24} md={12}>
                  <Form.Item label={t('reason')} htmlFor="override-reason" {...fields.item('reason')}>
                    <Input id="override-reason" value={reason} onChange={(e) => setReason(e.target.value)} autoComplete="off" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item label={t('legalSource')} htmlFor="override-source" {...fields.item('source')}>
                    <Input id="override-source" value={source} onChange={(e) => setSource(e.target.value)} autoComplete="off" />
                  </Form.Item>
                </Col>
              </>
            )}
          </Row>
        </Form>
        <Space>
          <Button onClick={() => void askPreview()} disabled={!date} loading={busy && !preview} data-testid="override-preview">
            {t('previewChange')}
          </Button>
          <Button type="primary" onClick={() => void save()} disabled={!preview} loading={busy && !!preview} data-testid="override-save">
            {t('saveChange')}
          </Button>
        </Space>
        {preview && (
          <div style={{ marginTop: 12 }} data-testid="override-preview-result">
            <Typography.Paragraph>
              {f('previewSummary', { open: preview.openDossiers, moved: preview.moved.length, date: fmtDate(preview.date) })}
            </Typography.Paragraph>
            {preview.unanswered.length > 0 && <Alert type="warning" showIcon message={f('previewUnanswered', { codes: preview.unanswered.join(', ') })} style={{ marginBottom: 8 }} />}
            {preview.moved.length > 0 && (
              <Table
                data-testid="preview-moved"
                size="small"
                rowKey="code"
                pagination={false}
                dataSource={preview.moved}
                columns={[
                  { title: t('code'), dataIndex: 'code', render: (c: string) => <Link to={`/ho-so/${encodeURIComponent(c)}`}>{c}</Link> },
                  { title: t('applicantName'), dataIndex: 'applicantName' },
                  { title: t('dueAt'), dataIndex: 'dueAt', render: (v: string) => fmt(v) },
                  { title: t('newDueAt'), dataIndex: 'newDueAt', render: (v: string) => <strong data-field="new-due">{fmt(v)}</strong> },
                  { title: t('currentStepDue'), key: 'step', render: (_: unknown, m: Preview['moved'][number]) => (m.stepDueAt ? `${fmt(m.stepDueAt)} → ${fmt(m.newStepDueAt)}` : '—') },
                ]}
              />
            )}
          </div>
        )}
        {change && <CalendarRollout change={change} onDone={load} />}
      </Card>

      {settings && <CalendarSettingsCard settings={settings} onSaved={loadSettings} />}

      <HolidayRulesCard onChanged={load} />
    </Space>
  );
}

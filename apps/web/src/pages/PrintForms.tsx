import { App, Button, DatePicker, Input, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { download, openPrintable, type DossierDetail } from '../api';
import { agencyTz, dayjs } from '../format';
import { useI18n, type MsgKey } from '../i18n';

/**
 * The forms a dossier has printed by the API (forms 01–06). The path numbers are the API's; which
 * circular's set and numbering a dossier prints is the API's decision (by its receipt day), so the
 * buttons name the forms, not their numbers.
 */
const FORMS: { no: string; label: MsgKey; has: (d: DossierDetail) => boolean }[] = [
  { no: '01', label: 'formReceipt', has: (d) => d.status !== 'refused_at_reception' && d.status !== 'submitted' },
  { no: '02', label: 'formSupplement', has: (d) => d.pauses.length > 0 || !!d.guidance },
  { no: '03', label: 'formRefusal', has: (d) => d.status === 'refused_at_reception' || d.outcome === 'refused' },
  { no: '04', label: 'formApology', has: (d) => !!d.reschedule },
  { no: '05', label: 'formStopNotice', has: (d) => d.status === 'withdrawn' },
  { no: '06', label: 'formControlSheet', has: () => true },
];

export function PrintForms({ dossier }: { dossier: DossierDetail }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const open = (path: string) => openPrintable(path).catch((e: Error) => void message.error(e.message));
  const base = `/api/dossiers/${encodeURIComponent(dossier.code)}/forms`;
  return (
    <section aria-label={t('printForms')} style={{ marginTop: 16 }} data-testid="print-forms">
      <Typography.Text strong>{t('printForms')}: </Typography.Text>
      <Space wrap>
        {FORMS.filter((f) => f.has(dossier)).map((f) => (
          <Space.Compact key={f.no}>
            <Button onClick={() => void open(`${base}/${f.no}`)} data-form={f.no}>
              {t(f.label)}
            </Button>
            {/* Named "PDF — <form>": a name that starts with the visible word (WCAG 2.5.3). */}
            <Button onClick={() => void open(`${base}/${f.no}?format=pdf`)}>
              PDF<span className="sr-only"> — {t(f.label)}</span>
            </Button>
          </Space.Compact>
        ))}
      </Space>
    </section>
  );
}

/** Form 07, the desk's tracking book over a period: HTML or PDF in a new tab, or .xlsx. */
export function TrackingBookCard() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const today = dayjs().tz(agencyTz());
  const [range, setRange] = useState<[ReturnType<typeof dayjs>, ReturnType<typeof dayjs>]>([today.startOf('month'), today]);
  const [procedureCode, setProcedureCode] = useState('');
  const [status, setStatus] = useState<string>();
  const query = () => {
    const q = new URLSearchParams({ from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') });
    if (procedureCode.trim()) q.set('procedureCode', procedureCode.trim());
    if (status) q.set('status', status);
    return q;
  };
  const fail = (e: Error) => void message.error(e.message);
  return (
    <section aria-label={t('trackingBook')} data-testid="tracking-book" style={{ marginTop: 24 }}>
      <Typography.Title level={2} style={{ fontSize: 18 }}>
        {t('trackingBook')}
      </Typography.Title>
      <Space wrap>
        <DatePicker.RangePicker
          format="DD/MM/YYYY"
          value={range}
          allowClear={false}
          onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])}
          aria-label={t('statsPeriod')}
        />
        <Input placeholder={t('procedureCode')} value={procedureCode} onChange={(e) => setProcedureCode(e.target.value)} style={{ width: 160 }} aria-label={t('procedureCode')} />
        <Select
          allowClear
          placeholder={t('status')}
          value={status}
          onChange={setStatus}
          style={{ width: 180 }}
          aria-label={t('status')}
          options={[{ value: 'open', label: t('trackingOpen') }, { value: 'finished', label: t('trackingFinished') }]}
        />
        <Button type="primary" onClick={() => void openPrintable(`/api/forms/07?${query().toString()}`).catch(fail)}>
          {t('printTrackingBook')}
        </Button>
        <Button onClick={() => void openPrintable(`/api/forms/07?${query().toString()}&format=pdf`).catch(fail)}>PDF</Button>
        <Button onClick={() => void download(`/api/forms/07?${query().toString()}&format=xlsx`, 'so-theo-doi-ho-so.xlsx').catch(fail)}>Excel</Button>
      </Space>
    </section>
  );
}

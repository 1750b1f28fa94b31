import { CartesianGrid, LabelList, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ServiceIndex } from '../api';
import { dayjs, percent } from '../format';
import { useI18n } from '../i18n';

const score = (s: number | null) => (s === null ? null : Math.round(s * 100) / 100);

/**
 * The timeliness score of Decision 766/QĐ-TTg per month (docs/indicators.md) as a trend line, with
 * the same figures as a text summary for screen readers. A month with no dossier has no score (a gap).
 * Below it, the month's satisfaction rate (resolved dossiers not rated low).
 */
export function ServiceIndexChart({ index }: { index?: ServiceIndex }) {
  const { t, f } = useI18n();
  const months = index?.months ?? [];
  const max = months[0]?.timeliness.max ?? 20;
  const data = months.map((m) => ({
    month: dayjs(`${m.month}-01`).format('MM/YYYY'),
    score: score(m.timeliness.score),
    label: m.timeliness.score === null ? t('statsServiceIndexNone') : `${score(m.timeliness.score)}/${m.timeliness.max}`,
    dossiers: m.timeliness.dossiers,
  }));
  const summary = data.map((d) => `${d.month}: ${d.label} (${t('statsServiceIndexDossiers')}: ${d.dossiers})`).join('; ');
  const name = t('statsServiceIndexScore');
  return (
    <figure style={{ margin: 0 }} data-testid="stats-service-index">
      <p style={{ marginTop: 0 }}>{t('statsServiceIndexNote')}</p>
      <div style={{ width: '100%', height: 240 }} role="img" aria-label={`${name}: ${summary || '—'}`}>
        <ResponsiveContainer>
          <LineChart data={data} margin={{ top: 20, right: 24, bottom: 0, left: 0 }} accessibilityLayer>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="month" />
            <YAxis domain={[0, max]} width={40} />
            <Tooltip formatter={(_v, _n, item) => [(item.payload as { label: string }).label, name]} />
            <Line type="monotone" dataKey="score" name={name} stroke="#0b5cad" strokeWidth={2} isAnimationActive={false} connectNulls={false}>
              <LabelList dataKey="label" position="top" />
            </Line>
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="sr-only">{summary}</figcaption>
      <p data-testid="stats-satisfaction-rate" style={{ marginBottom: 0 }}>
        <strong>{t('statsSatisfactionRate')}:</strong>{' '}
        {months.map((m) => f('statsSatisfactionMonth', { month: dayjs(`${m.month}-01`).format('MM/YYYY'), rate: percent(m.satisfaction.rate), rated: m.satisfaction.rated, dossiers: m.satisfaction.dossiers, low: m.satisfaction.unsatisfied })).join('; ') || '—'}
      </p>
    </figure>
  );
}

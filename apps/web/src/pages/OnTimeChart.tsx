import { Bar, BarChart, CartesianGrid, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { TimelinessRow } from '../api';
import { dayjs, percent } from '../format';
import { useI18n } from '../i18n';

/**
 * On-time rate per month as bars (recharts, keyboard-navigable through its accessibility layer), with
 * the same figures as a text summary for screen readers. A month with nothing resolved has no rate.
 */
export function OnTimeChart({ rows }: { rows: TimelinessRow[] }) {
  const { t } = useI18n();
  const data = rows.map((r) => ({ month: dayjs(`${r.group}-01`).format('MM/YYYY'), rate: r.onTimeRate === null ? 0 : Math.round(r.onTimeRate * 1000) / 10, label: percent(r.onTimeRate), resolved: r.resolved.total }));
  const summary = data.map((d) => `${d.month}: ${d.label}`).join('; ');
  const name = t('statsOnTimeRate');
  return (
    <figure style={{ margin: 0 }} data-testid="stats-chart">
      <div style={{ width: '100%', height: 260 }} role="img" aria-label={`${name}: ${summary || '—'}`}>
        <ResponsiveContainer>
          <BarChart data={data} margin={{ top: 20, right: 16, bottom: 0, left: 0 }} accessibilityLayer>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="month" />
            <YAxis domain={[0, 100]} unit="%" width={48} />
            <Tooltip formatter={(_v, _n, item) => [(item.payload as { label: string }).label, name]} />
            <Bar dataKey="rate" name={name} fill="#0b5cad" isAnimationActive={false} maxBarSize={56}>
              <LabelList dataKey="label" position="top" />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="sr-only">{summary}</figcaption>
    </figure>
  );
}

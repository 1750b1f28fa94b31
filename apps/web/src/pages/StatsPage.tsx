import { Alert, App, Card, DatePicker, Dropdown, Space, Table, Tabs, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { cloneElement, isValidElement, useEffect, useMemo, useState, type ReactElement } from 'react';
import { api, download, type GroupBy, type Procedure, type ServiceIndex, type TimelinessRow } from '../api';
import { agencyMidnight, agencyTz, dayjs, percent } from '../format';
import { useI18n, type MsgKey } from '../i18n';
import { OnTimeChart } from './OnTimeChart';
import { ServiceIndexChart } from './ServiceIndexChart';
import { PetitionFiguresCard } from './petitions/PetitionFiguresCard';

type Day = ReturnType<typeof dayjs>;
type Period = [Day, Day];
type Rows = Record<GroupBy, TimelinessRow[]>;

const GROUPS: GroupBy[] = ['total', 'department', 'procedure', 'month'];
const COUNT_WIDTH = 66;

/** The count columns of Biểu 06 under their headings: [part of the row, heading, [field, title]…]. */
const BIEU_06: ['received' | 'resolved' | 'pending', MsgKey, [string, MsgKey][]][] = [
  ['received', 'statsReceived', [['total', 'statsTotal'], ['online', 'statsOnline'], ['directOrPostal', 'statsDirectOrPostal'], ['carriedOver', 'statsCarriedOver']]],
  ['resolved', 'statsResolved', [['total', 'statsTotal'], ['early', 'early'], ['onTime', 'on_time'], ['late', 'late']]],
  ['pending', 'statsPending', [['total', 'statsTotal'], ['withinDeadline', 'within'], ['pastDeadline', 'overdue']]],
];
const RATE_WIDTH = 80;
/** Beside the rate, the citizens' ratings of the dossiers resolved: how many, how many low, the overall average. */
const SATISFACTION: [string, MsgKey, (s: TimelinessRow['satisfaction']) => string | number][] = [
  ['ratings', 'statsRatings', (s) => s.ratings],
  ['low', 'statsRatingsLow', (s) => s.low],
  ['overall', 'statsRatingsAverage', (s) => (s.averages.overall === null ? '—' : s.averages.overall.toFixed(2))],
];
const groupWidth = (g: GroupBy) => (g === 'procedure' ? 240 : 130);

/** The current month of the agency's calendar, as the two calendar days the picker shows. */
function currentMonth(): Period {
  const first = dayjs(dayjs().tz(agencyTz()).format('YYYY-MM-01'));
  return [first, first.endOf('month').startOf('day')];
}

/** [from, to) as instants: the agency's midnight starting the first day, and the one after the last. */
export function periodQuery([start, end]: Period): { from: string; to: string } {
  return { from: agencyMidnight(start).toISOString(), to: agencyMidnight(end.add(1, 'day')).toISOString() };
}

/** Biểu 06 (Circular 01/2020/TT-VPCP) for a chosen period: totals, breakdowns, monthly on-time rate, Excel export. */
export function StatsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [period, setPeriod] = useState<Period>(currentMonth);
  const [rows, setRows] = useState<Rows>();
  const [error, setError] = useState<string>();
  const [names, setNames] = useState<Record<string, string>>({});
  const [exporting, setExporting] = useState(false);
  const [serviceIndex, setServiceIndex] = useState<ServiceIndex>();
  const query = useMemo(() => periodQuery(period), [period]);

  useEffect(() => {
    api<Procedure[]>('/api/procedures').then((ps) => setNames(Object.fromEntries(ps.map((p) => [p.code, p.name]))), () => undefined);
  }, []);

  useEffect(() => {
    let current = true;
    setRows(undefined);
    setServiceIndex(undefined);
    setError(undefined);
    const q = (g: GroupBy) => new URLSearchParams({ ...query, ...(g === 'total' ? {} : { groupBy: g }) }).toString();
    Promise.all(GROUPS.map((g) => api<TimelinessRow[]>(`/api/stats/timeliness?${q(g)}`))).then(
      (all) => current && setRows(Object.fromEntries(GROUPS.map((g, i) => [g, all[i]])) as Rows),
      (err: Error) => current && setError(err.message),
    );
    api<ServiceIndex>(`/api/stats/service-index?${new URLSearchParams(query)}`).then(
      (index) => current && setServiceIndex(index),
      (err: Error) => current && setError(err.message),
    );
    return () => {
      current = false;
    };
  }, [query]);

  const exportXlsx = async (g: GroupBy) => {
    setExporting(true);
    try {
      await download(`/api/stats/timeliness.xlsx?${new URLSearchParams({ ...query, ...(g === 'total' ? {} : { groupBy: g }) })}`, 'bieu-06.xlsx');
    } catch (err) {
      void message.error((err as Error).message);
    } finally {
      setExporting(false);
    }
  };

  const groupLabel = (g: GroupBy, value: string) => {
    if (g === 'total') return t('statsWholeAgency');
    if (g === 'procedure') return names[value] ? `${value} — ${names[value]}` : value;
    if (g === 'month') return dayjs(`${value}-01`).format('MM/YYYY');
    return value || t('statsNoDepartment');
  };

  const columns = (g: GroupBy): ColumnsType<TimelinessRow> => [
    { title: t(`statsGroup_${g}` as MsgKey), key: 'group', fixed: 'left', width: groupWidth(g), render: (_: unknown, r) => <span data-field="group" data-group={r.group}>{groupLabel(g, r.group)}</span> },
    ...BIEU_06.map(([part, heading, counts]) => ({
      title: t(heading),
      children: counts.map(([key, title]) => ({
        title: t(title),
        key: `${part}.${key}`,
        align: 'right' as const,
        width: COUNT_WIDTH,
        render: (_: unknown, r: TimelinessRow) => <span data-field={`${part}.${key}`}>{(r[part] as Record<string, number>)[key]}</span>,
      })),
    })),
    { title: t('statsOnTimeRate'), key: 'onTimeRate', align: 'right', width: RATE_WIDTH, render: (_: unknown, r) => <span data-field="onTimeRate">{percent(r.onTimeRate)}</span> },
    {
      title: t('statsSatisfaction'),
      children: SATISFACTION.map(([key, title, value]) => ({
        title: t(title),
        key: `satisfaction.${key}`,
        align: 'right' as const,
        width: COUNT_WIDTH,
        render: (_: unknown, r: TimelinessRow) => <span data-field={`satisfaction.${key}`}>{value(r.satisfaction)}</span>,
      })),
    },
  ];

  const table = (g: GroupBy) => (
    <Table<TimelinessRow>
      data-testid={`stats-${g}`}
      className="stats-table"
      rowKey="group"
      size="small"
      bordered
      loading={!rows && !error}
      dataSource={rows?.[g]}
      columns={columns(g)}
      pagination={false}
      // Biểu 06's 12 columns fit a 1024px tablet; the ratings and the longer procedure names scroll sideways.
      scroll={{ x: groupWidth(g) + (BIEU_06.flatMap((c) => c[2]).length + SATISFACTION.length) * COUNT_WIDTH + RATE_WIDTH }}
      locale={{ emptyText: t('statsEmpty') }}
    />
  );

  return (
    <Card>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('statsTitle')}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 16 }} align="end">
        <div>
          <div id="stats-period-label" style={{ marginBottom: 4 }}>
            {t('statsPeriod')}
          </div>
          <label htmlFor="stats-from" className="sr-only">
            {t('statsFrom')}
          </label>
          <label htmlFor="stats-to" className="sr-only">
            {t('statsTo')}
          </label>
          <DatePicker.RangePicker
            id={{ start: 'stats-from', end: 'stats-to' }}
            aria-describedby="stats-period-label"
            format="DD/MM/YYYY"
            allowClear={false}
            value={period}
            onChange={(v) => v?.[0] && v[1] && setPeriod([v[0].startOf('day'), v[1].startOf('day')])}
            presets={[
              { label: t('statsThisMonth'), value: currentMonth() },
              { label: t('statsLastMonth'), value: [currentMonth()[0].subtract(1, 'month'), currentMonth()[0].subtract(1, 'day')] },
              { label: t('statsThisYear'), value: [currentMonth()[0].startOf('year'), currentMonth()[0].endOf('year').startOf('day')] },
            ]}
          />
        </div>
        <Dropdown.Button
          type="primary"
          loading={exporting}
          data-testid="stats-export"
          onClick={() => void exportXlsx('total')}
          buttonsRender={([left, right]) => [left, isValidElement(right) ? cloneElement(right as ReactElement<{ 'aria-label'?: string }>, { 'aria-label': t('statsExportMore') }) : right]}
          menu={{ items: GROUPS.filter((g) => g !== 'total').map((g) => ({ key: g, label: `${t('statsExport')} — ${t(`statsGroup_${g}` as MsgKey)}` })), onClick: ({ key }) => void exportXlsx(key as GroupBy) }}
        >
          {t('statsExport')}
        </Dropdown.Button>
      </Space>
      {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 16 }} />}
      <section aria-labelledby="stats-summary-title">
        <Typography.Title level={2} id="stats-summary-title" style={{ fontSize: 17 }}>
          {t('statsSummary')}
        </Typography.Title>
        {table('total')}
      </section>
      <section aria-labelledby="stats-chart-title" style={{ marginTop: 24 }}>
        <Typography.Title level={2} id="stats-chart-title" style={{ fontSize: 17 }}>
          {t('statsChartTitle')}
        </Typography.Title>
        <OnTimeChart rows={rows?.month ?? []} />
      </section>
      <section aria-labelledby="stats-service-index-title" style={{ marginTop: 24 }}>
        <Typography.Title level={2} id="stats-service-index-title" style={{ fontSize: 17 }}>
          {t('statsServiceIndexTitle')}
        </Typography.Title>
        <ServiceIndexChart index={serviceIndex} />
      </section>
      <section aria-labelledby="stats-petitions-title" style={{ marginTop: 24 }}>
        <Typography.Title level={2} id="stats-petitions-title" style={{ fontSize: 17 }}>
          {t('petitionFiguresTitle')}
        </Typography.Title>
        <PetitionFiguresCard from={query.from} to={query.to} />
      </section>
      <section aria-labelledby="stats-breakdown-title" style={{ marginTop: 24 }}>
        <Typography.Title level={2} id="stats-breakdown-title" style={{ fontSize: 17 }}>
          {t('statsBreakdown')}
        </Typography.Title>
        <Tabs items={(['department', 'procedure', 'month'] as const).map((g) => ({ key: g, label: t(`statsBy_${g}` as MsgKey), children: table(g) }))} />
      </section>
    </Card>
  );
}

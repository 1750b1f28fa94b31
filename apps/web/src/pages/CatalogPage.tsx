import { Alert, Card, Input, List, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api, type Duration, type Procedure } from '../api';
import { useI18n, type Lang, type MsgKey } from '../i18n';

export function durationText(d: Duration, t: (k: MsgKey) => string, _lang?: Lang): string {
  if ('workingDays' in d) return `${d.workingDays} ${t('days')}`;
  if ('workingHours' in d) return `${d.workingHours} ${t('hours')}`;
  if ('calendarDays' in d) return `${String(d.calendarDays)} ${t('calendarDays')}`;
  return `${d.seconds} ${t('seconds')}`;
}

export function CatalogPage() {
  const { t } = useI18n();
  const [procedures, setProcedures] = useState<Procedure[]>();
  const [error, setError] = useState<string>();
  const [q, setQ] = useState('');
  useEffect(() => {
    api<Procedure[]>('/api/public/procedures', { auth: false }).then(setProcedures, (err: Error) => setError(err.message));
  }, []);
  const shown = useMemo(() => {
    const s = q.trim().toLowerCase();
    return (procedures ?? []).filter((p) => !s || p.code.toLowerCase().includes(s) || p.name.toLowerCase().includes(s));
  }, [procedures, q]);
  return (
    <Card>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('catalogTitle')}
      </Typography.Title>
      {error && <Alert type="error" showIcon role="alert" message={error} />}
      <label htmlFor="catalog-search" className="sr-only">
        {t('procedureSearch')}
      </label>
      <Input.Search id="catalog-search" placeholder={t('procedureSearch')} allowClear value={q} onChange={(e) => setQ(e.target.value)} style={{ maxWidth: 420, marginBottom: 12 }} />
      <Table<Procedure>
        data-testid="catalog"
        rowKey="code"
        loading={!procedures && !error}
        dataSource={shown}
        pagination={false}
        expandable={{
          expandedRowRender: (p) => (
            <List
              size="small"
              header={<strong>{t('documents')}</strong>}
              dataSource={p.documents ?? []}
              renderItem={(d) => (
                <List.Item>
                  {d.name}
                  {d.copies ? ` × ${d.copies}` : ''} {d.original ? <Tag>{t('original')}</Tag> : null}
                </List.Item>
              )}
            />
          ),
        }}
        columns={[
          { title: t('procedureCode'), dataIndex: 'code', width: 120 },
          { title: t('procedure'), dataIndex: 'name' },
          { title: t('processingTime'), key: 'time', render: (_: unknown, p) => durationText(p.legalTime, t), width: 180 },
          { title: t('fees'), dataIndex: 'fees', render: (f?: string) => f || '—', width: 200 },
        ]}
      />
    </Card>
  );
}

import { Alert, Button, Card, Input, Space, Table, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api';
import { fmt } from '../../format';
import { useI18n } from '../../i18n';
import { durationLabel, type ProcedureVersion } from './ProceduresShared';

/** The agency's procedures (newest version of each), searchable by code or name. */
export function ProceduresPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [procedures, setProcedures] = useState<ProcedureVersion[]>();
  const [error, setError] = useState<string>();
  const [q, setQ] = useState('');
  useEffect(() => {
    api<ProcedureVersion[]>('/api/procedures').then(setProcedures, (err: Error) => setError(err.message));
  }, []);
  const shown = useMemo(() => {
    const s = q.trim().toLowerCase();
    return (procedures ?? []).filter((p) => !s || p.code.toLowerCase().includes(s) || p.name.toLowerCase().includes(s));
  }, [procedures, q]);
  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {t('adminProceduresTitle')}
        </Typography.Title>
        <Button type="primary" onClick={() => navigate('/quan-tri/thu-tuc/moi')} data-testid="new-procedure">
          {t('editorNewProcedure')}
        </Button>
      </Space>
      {error && <Alert type="error" showIcon role="alert" message={error} />}
      <label htmlFor="admin-procedure-search" className="sr-only">
        {t('procedureSearch')}
      </label>
      <Input.Search id="admin-procedure-search" placeholder={t('procedureSearch')} allowClear value={q} onChange={(e) => setQ(e.target.value)} style={{ maxWidth: 420, margin: '12px 0' }} />
      <Table<ProcedureVersion>
        data-testid="admin-procedures"
        rowKey="code"
        loading={!procedures && !error}
        dataSource={shown}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('procedureCode'), dataIndex: 'code', width: 150, render: (c: string) => <Link to={`/quan-tri/thu-tuc/${encodeURIComponent(c)}`}>{c}</Link> },
          { title: t('procedureName'), dataIndex: 'name' },
          { title: t('version'), dataIndex: 'version', width: 90 },
          { title: t('processingTime'), key: 'time', width: 170, render: (_: unknown, p) => durationLabel(p.legalTime, t) },
          { title: t('versionCreatedAt'), dataIndex: 'createdAt', width: 160, render: (v: string) => fmt(v) },
        ]}
      />
    </Card>
  );
}

import { Alert, Button, Card, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, type Page, type PetitionSummary } from '../../api';
import { fmt } from '../../format';
import { useI18n } from '../../i18n';

const PAGE_SIZE = 20;

/** The officers' petitions inbox: open ones, the stage due first on top; or the closed ones. */
export function PetitionsInboxPage() {
  const { t, tx } = useI18n();
  const [open, setOpen] = useState(true);
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Page<PetitionSummary>>();
  const [error, setError] = useState<string>();
  const load = useCallback(() => {
    api<Page<PetitionSummary>>(`/api/petitions?open=${open}&page=${page}&pageSize=${PAGE_SIZE}`).then(
      (p) => (setData(p), setError(undefined)),
      (err: Error) => setError(err.message),
    );
  }, [open, page]);
  useEffect(() => load(), [load]);
  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {t('petitionsInboxTitle')}
        </Typography.Title>
        <Space>
          <Segmented<'open' | 'closed'>
            value={open ? 'open' : 'closed'}
            onChange={(v) => { setPage(1); setOpen(v === 'open'); }}
            options={[{ value: 'open', label: t('petitionsOpen') }, { value: 'closed', label: t('petitionsClosed') }]}
          />
          <Button onClick={load}>{t('refresh')}</Button>
        </Space>
      </Space>
      {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginTop: 12 }} />}
      <Table<PetitionSummary>
        style={{ marginTop: 12 }}
        data-testid="petitions-inbox"
        rowKey="code"
        loading={!data && !error}
        dataSource={data?.items}
        locale={{ emptyText: t('empty') }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: data?.total ?? 0, onChange: setPage, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 900 }}
        columns={[
          { title: t('petitionCode'), dataIndex: 'code', render: (c: string) => <Link to={`/kien-nghi/${encodeURIComponent(c)}`}>{c}</Link>, width: 230 },
          { title: t('petitionSubject'), dataIndex: 'subject' },
          { title: t('status'), dataIndex: 'status', render: (s: PetitionSummary['status']) => <Tag>{tx(`petitionStatus_${s}`)}</Tag>, width: 150 },
          { title: t('petitionStage'), dataIndex: 'stage', render: (s?: string) => (s ? tx(`petitionStage_${s}`) : '—'), width: 130 },
          {
            title: t('petitionStageDueAt'),
            dataIndex: 'stageDueAt',
            width: 180,
            render: (d: string | undefined, p) => (d ? <span>{fmt(d)} {p.overdue && <Tag color="red">{t('overdue')}</Tag>}</span> : '—'),
          },
          { title: t('petitionAssignee'), dataIndex: 'assignee', render: (v?: string) => v ?? '—', width: 120 },
          { title: t('petitionReceivedAt'), dataIndex: 'receivedAt', render: fmt, width: 150 },
        ]}
      />
    </Card>
  );
}

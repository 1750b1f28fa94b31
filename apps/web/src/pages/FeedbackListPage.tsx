import { Alert, Button, Card, Space, Table, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, type FeedbackView, type Page } from '../api';
import { fmt } from '../format';
import { useI18n } from '../i18n';

const PAGE_SIZE = 20;

/** What citizens sent from the public form, newest first (supervisors and admins). */
export function FeedbackListPage() {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Page<FeedbackView>>();
  const [error, setError] = useState<string>();
  const load = useCallback(() => {
    api<Page<FeedbackView>>(`/api/feedback?page=${page}&pageSize=${PAGE_SIZE}`).then(
      (p) => {
        setData(p);
        setError(undefined);
      },
      (err: Error) => setError(err.message),
    );
  }, [page]);
  useEffect(() => load(), [load]);
  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {t('feedbackListTitle')}
        </Typography.Title>
        <Button onClick={load}>{t('refresh')}</Button>
      </Space>
      {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginTop: 12 }} />}
      <Table<FeedbackView>
        style={{ marginTop: 12 }}
        data-testid="feedback-list"
        rowKey="id"
        loading={!data && !error}
        dataSource={data?.items}
        locale={{ emptyText: t('empty') }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: data?.total ?? 0, onChange: setPage, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 900 }}
        columns={[
          { title: t('feedbackReceivedAt'), dataIndex: 'receivedAt', render: fmt, width: 150 },
          { title: t('feedbackName'), dataIndex: 'name', render: (v?: string) => v ?? '—', width: 160 },
          { title: t('feedbackContact'), dataIndex: 'contact', render: (v?: string) => v ?? '—', width: 170 },
          { title: t('code'), dataIndex: 'dossierCode', render: (v?: string) => v ?? '—', width: 200 },
          { title: t('feedbackMessage'), dataIndex: 'message', render: (v: string) => <span style={{ whiteSpace: 'pre-wrap' }}>{v}</span> },
        ]}
      />
    </Card>
  );
}

import { Alert, Card, Input, List, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, type Page, type PublishedPetition } from '../../api';
import { fmt } from '../../format';
import { useI18n } from '../../i18n';

const PAGE_SIZE = 10;

/** Published answers (Decree 20/2008: results are made public), newest first, searchable, without personal data. */
export function PublishedPetitionsPage() {
  const { t, tx } = useI18n();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Page<PublishedPetition>>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let current = true;
    const query = new URLSearchParams({ page: String(page), pageSize: String(PAGE_SIZE), ...(q.trim() ? { q: q.trim() } : {}) });
    api<Page<PublishedPetition>>(`/api/public/petitions?${query}`, { auth: false }).then(
      (p) => current && (setData(p), setError(undefined)),
      (err: Error) => current && setError(err.message),
    );
    return () => {
      current = false;
    };
  }, [q, page]);

  return (
    <Card>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('petitionPublishedTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('petitionPublishedIntro')}</Typography.Paragraph>
      <label htmlFor="petition-search" className="sr-only">
        {t('petitionSearch')}
      </label>
      <Input.Search id="petition-search" allowClear placeholder={t('petitionSearch')} onSearch={(v) => { setPage(1); setQ(v); }} style={{ maxWidth: 420 }} />
      {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginTop: 12 }} />}
      <List<PublishedPetition>
        data-testid="published-petitions"
        style={{ marginTop: 12 }}
        loading={!data && !error}
        dataSource={data?.items}
        locale={{ emptyText: t('empty') }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: data?.total ?? 0, onChange: setPage, hideOnSinglePage: true, showSizeChanger: false }}
        renderItem={(p) => (
          <List.Item key={p.code} data-code={p.code}>
            <Space direction="vertical" style={{ width: '100%' }}>
              <Space wrap>
                <Typography.Text strong>{p.subject}</Typography.Text>
                <Tag>{tx(`petitionKind_${p.kind}`)}</Tag>
                <Typography.Text type="secondary">
                  {p.code} · {t('petitionPublishedAt')} {fmt(p.publishedAt)}
                </Typography.Text>
              </Space>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>{p.message}</Typography.Paragraph>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>
                <Typography.Text strong>{t('petitionAnswer')}: </Typography.Text>
                {p.answer}
              </Typography.Paragraph>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

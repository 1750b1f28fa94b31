import { Alert, Button, Card, Descriptions, Form, Input, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, ApiError, type PublicPetition } from '../../api';
import { fmt } from '../../format';
import { useI18n } from '../../i18n';

/** The citizen's lookup of a petition by its code and secret: status, due date, answer. */
export function PetitionLookupPage() {
  const { t, tx } = useI18n();
  const [params, setParams] = useSearchParams();
  const [found, setFound] = useState<PublicPetition>();
  const [error, setError] = useState<string>();
  const code = params.get('code') ?? '';
  const secret = params.get('secret') ?? '';

  useEffect(() => {
    if (!code || !secret) return;
    setError(undefined);
    api<PublicPetition>(`/api/public/petitions/${encodeURIComponent(code)}?secret=${encodeURIComponent(secret)}`, { auth: false }).then(setFound, (err: unknown) => {
      setFound(undefined);
      setError(err instanceof ApiError && err.status === 404 ? t('petitionNotFound') : (err as Error).message);
    });
  }, [code, secret, t]);

  return (
    <Space direction="vertical" style={{ width: '100%', maxWidth: 760, margin: '0 auto', display: 'flex' }}>
      <Card>
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          {t('petitionLookupTitle')}
        </Typography.Title>
        <Form layout="inline" initialValues={{ code, secret }} onFinish={(v: { code: string; secret: string }) => setParams({ code: v.code.trim(), secret: v.secret.trim() })}>
          <Form.Item label={t('petitionCode')} name="code" rules={[{ required: true, message: t('required') }]}>
            <Input style={{ width: 280 }} />
          </Form.Item>
          <Form.Item label={t('petitionSecret')} name="secret" rules={[{ required: true, message: t('required') }]}>
            <Input style={{ width: 140 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('lookup')}
          </Button>
        </Form>
      </Card>
      {error && <Alert type="error" showIcon role="alert" message={error} />}
      {found && (
        <Card data-testid="petition-status">
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label={t('petitionCode')}>{found.code}</Descriptions.Item>
            <Descriptions.Item label={t('petitionSubject')}>{found.subject}</Descriptions.Item>
            <Descriptions.Item label={t('status')}>
              <Tag data-testid="petition-status-tag" data-status={found.status}>{tx(`petitionStatus_${found.status}`)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('petitionReceivedAt')}>{fmt(found.receivedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('petitionDueAt')}>{fmt(found.dueAt)}</Descriptions.Item>
            {found.reason && <Descriptions.Item label={t('petitionReason')}>{found.reason}</Descriptions.Item>}
            {found.forwardTo && <Descriptions.Item label={t('petitionForwardTo')}>{found.forwardTo}</Descriptions.Item>}
            {found.answer && (
              <Descriptions.Item label={t('petitionAnswer')}>
                <span data-testid="petition-answer" style={{ whiteSpace: 'pre-wrap' }}>{found.answer}</span>
              </Descriptions.Item>
            )}
            {found.answeredAt && <Descriptions.Item label={t('petitionAnsweredAt')}>{fmt(found.answeredAt)}</Descriptions.Item>}
          </Descriptions>
        </Card>
      )}
    </Space>
  );
}

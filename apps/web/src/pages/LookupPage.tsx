import { Alert, Button, Card, Descriptions, Form, Input, Steps, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, ApiError, type PublicDossier } from '../api';
import { fmt } from '../format';
import { useI18n } from '../i18n';
import { RatingSection } from './RatingSection';

export function LookupPage() {
  const { t, tx } = useI18n();
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<{ code: string; secret: string }>();
  const [result, setResult] = useState<PublicDossier>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const lookup = useCallback(
    async (code: string, secret: string) => {
      setBusy(true);
      setError(undefined);
      setResult(undefined);
      try {
        setResult(await api<PublicDossier>(`/api/public/dossiers/${encodeURIComponent(code.trim())}?secret=${encodeURIComponent(secret.trim())}`, { auth: false }));
      } catch (err) {
        setError(err instanceof ApiError && err.status === 404 ? t('notFound') : (err as Error).message);
      } finally {
        setBusy(false);
      }
    },
    [t],
  );
  // Opened from the QR code: /tra-cuu?code=…&secret=… looks the dossier up at once.
  useEffect(() => {
    const code = params.get('code');
    const secret = params.get('secret');
    if (code && secret) {
      form.setFieldsValue({ code, secret });
      void lookup(code, secret);
    }
  }, [params, form, lookup]);
  return (
    <Card>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('lookupTitle')}
      </Typography.Title>
      <Form form={form} layout="inline" onFinish={(v) => setParams({ code: v.code.trim(), secret: v.secret.trim() })} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item label={t('code')} name="code" rules={[{ required: true, whitespace: true, message: t('required') }]}>
          <Input style={{ width: 240 }} />
        </Form.Item>
        <Form.Item label={t('secret')} name="secret" rules={[{ required: true, whitespace: true, message: t('required') }]}>
          <Input style={{ width: 160 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('lookup')}
        </Button>
      </Form>
      {error && <Alert type="warning" showIcon role="alert" message={error} />}
      {result && (
        <section data-testid="lookup-result" aria-live="polite">
          <Descriptions bordered size="small" column={1}>
            <Descriptions.Item label={t('code')}>{result.code}</Descriptions.Item>
            <Descriptions.Item label={t('procedure')}>{result.procedureCode}</Descriptions.Item>
            <Descriptions.Item label={t('status')}>
              <strong data-testid="lookup-status" data-status={result.status}>
                {tx(`status_${result.status}`)}
              </strong>
            </Descriptions.Item>
            <Descriptions.Item label={t('receivedAt')}>{fmt(result.receivedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('dueAt')}>{fmt(result.dueAt)}</Descriptions.Item>
            {result.currentStep && <Descriptions.Item label={t('currentStep')}>{result.currentStep}</Descriptions.Item>}
            {result.pausedFor && <Descriptions.Item label={t('pausedFor')}>{result.pausedFor}</Descriptions.Item>}
            {result.returnedAt && <Descriptions.Item label={t('returnedAt')}>{fmt(result.returnedAt)}</Descriptions.Item>}
          </Descriptions>
          {result.stepsDone.length > 0 && (
            <>
              <Typography.Title level={2} style={{ fontSize: 16, marginTop: 16 }}>
                {t('stepsDone')}
              </Typography.Title>
              <Steps direction="vertical" size="small" current={result.stepsDone.length} items={result.stepsDone.map((s) => ({ title: s.name, description: fmt(s.completedAt), status: 'finish' as const }))} />
            </>
          )}
          {result.status === 'returned' && <RatingSection key={result.code} code={result.code} secret={params.get('secret') ?? ''} rating={result.rating} />}
          <Link to={`/phan-anh?code=${encodeURIComponent(result.code)}`} data-testid="lookup-feedback">
            {t('feedbackAbout')}
          </Link>
        </section>
      )}
      {!result && (
        <Typography.Paragraph style={{ marginTop: 16 }}>
          <Link to="/phan-anh">{t('navPetitionForm')}</Link>
        </Typography.Paragraph>
      )}
    </Card>
  );
}

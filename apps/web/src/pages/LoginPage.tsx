import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { api, ApiError, homeFor, type LoginAnswer } from '../api';
import { useAuth } from '../auth';
import { useI18n } from '../i18n';
import { PageCard, PageTitle } from '../page';

export function LoginPage() {
  const { t } = useI18n();
  const { session, login } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  if (session) return <Navigate to={params.get('next') ?? homeFor(session.user)} replace />;
  const submit = async (values: { username: string; password: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      const s = await api<LoginAnswer>('/api/auth/login', { method: 'POST', body: values, auth: false });
      login(s);
      navigate(params.get('next') ?? homeFor(s.user), { replace: true });
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? t('loginFailed') : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <PageCard style={{ maxWidth: 420, margin: '48px auto' }}>
      <PageTitle>{t('login')}</PageTitle>
      {error && <Alert type="error" showIcon message={error} role="alert" style={{ marginBottom: 16 }} />}
      <Form layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item label={t('username')} name="username" rules={[{ required: true, message: t('required') }]}>
          <Input autoComplete="username" autoFocus />
        </Form.Item>
        <Form.Item label={t('password')} name="password" rules={[{ required: true, message: t('required') }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} block>
          {t('login')}
        </Button>
      </Form>
    </PageCard>
  );
}

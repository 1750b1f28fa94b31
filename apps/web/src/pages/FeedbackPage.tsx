import { Alert, Button, Card, Form, Input, Result, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { CONTACT_PATTERN, DOSSIER_CODE_PATTERN, FEEDBACK_MESSAGE_MAX } from '../../../../libs/contracts/src/patterns';
import { api, type FeedbackReceipt, type FeedbackRequest } from '../api';
import { applyApiErrors } from '../forms';
import { useI18n } from '../i18n';

interface FeedbackValues {
  name?: string;
  contact?: string;
  dossierCode?: string;
  message: string;
}

// The API's own rules (libs/contracts patterns, which its CreateFeedbackDto enforces), checked as the citizen types.
const MESSAGE_MAX = FEEDBACK_MESSAGE_MAX;

/** Public feedback form (no account): only the message is required. */
export function FeedbackPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const [form] = Form.useForm<FeedbackValues>();
  const [sent, setSent] = useState<FeedbackReceipt>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (v: FeedbackValues) => {
    setBusy(true);
    setError(undefined);
    const clean = (s?: string) => (s && s.trim() ? s.trim() : undefined);
    try {
      const body: FeedbackRequest = { name: clean(v.name), contact: clean(v.contact), dossierCode: clean(v.dossierCode), message: v.message.trim() };
      setSent(await api<FeedbackReceipt>('/api/public/feedback', { method: 'POST', auth: false, body }));
      form.resetFields();
    } catch (err) {
      setError(applyApiErrors(form, err));
    } finally {
      setBusy(false);
    }
  };

  if (sent)
    return (
      <Card data-testid="feedback-sent" role="status">
        <Result
          status="success"
          title={t('feedbackThanks')}
          subTitle={`${t('feedbackNumber')}: ${sent.id}`}
          extra={[
            <Button key="again" type="primary" onClick={() => setSent(undefined)}>
              {t('feedbackAnother')}
            </Button>,
            <Link key="lookup" to="/tra-cuu">
              {t('navLookup')}
            </Link>,
          ]}
        />
      </Card>
    );

  return (
    <Card style={{ maxWidth: 720, margin: '0 auto' }}>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('feedbackTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('feedbackIntro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 16 }} />}
      <Form<FeedbackValues> form={form} layout="vertical" onFinish={submit} initialValues={{ dossierCode: params.get('code') ?? undefined }} scrollToFirstError>
        <Form.Item label={t('feedbackName')} name="name" rules={[{ max: 200 }]}>
          <Input autoComplete="name" />
        </Form.Item>
        <Form.Item
          label={t('feedbackContact')}
          name="contact"
          extra={t('feedbackContactHint')}
          rules={[{ max: 200 }, { validator: (_, v?: string) => (CONTACT_PATTERN.test(v ?? '') ? Promise.resolve() : Promise.reject(new Error(t('feedbackContactInvalid')))) }]}
        >
          <Input autoComplete="tel" />
        </Form.Item>
        <Form.Item label={t('code')} name="dossierCode" rules={[{ max: 60 }, { pattern: DOSSIER_CODE_PATTERN, message: t('feedbackCodeInvalid') }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          label={t('feedbackMessage')}
          name="message"
          rules={[
            { required: true, whitespace: true, message: t('required') },
            { max: MESSAGE_MAX, message: t('feedbackTooLong') },
          ]}
        >
          <Input.TextArea rows={6} showCount maxLength={MESSAGE_MAX} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('feedbackSend')}
        </Button>
      </Form>
    </Card>
  );
}

import { Alert, Button, Card, Form, Input, Result, Select, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { CONTACT_PATTERN, DOSSIER_CODE_PATTERN, PETITION_MESSAGE_MAX as MESSAGE_MAX, PETITION_SUBJECT_MAX as SUBJECT_MAX } from '../../../../../libs/contracts/src/patterns';
import { api, type PetitionReceipt, type PetitionRequest } from '../../api';
import { fmt } from '../../format';
import { applyApiErrors } from '../../forms';
import { useI18n } from '../../i18n';


/** The public petition form (no account), also reached at the old feedback address /gop-y: the petition's process starts, the citizen keeps its code and secret. The limits are the API's (libs/contracts patterns), checked as the citizen types. */
export function PetitionFormPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const [form] = Form.useForm<PetitionRequest>();
  const [sent, setSent] = useState<PetitionReceipt>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (v: PetitionRequest) => {
    setBusy(true);
    setError(undefined);
    try {
      const body: PetitionRequest = { ...v, dossierCode: v.dossierCode?.trim() || undefined };
      setSent(await api<PetitionReceipt>('/api/public/petitions', { method: 'POST', auth: false, body }));
      form.resetFields();
    } catch (err) {
      setError(applyApiErrors(form, err));
    } finally {
      setBusy(false);
    }
  };

  if (sent)
    return (
      <Card data-testid="petition-sent" role="status">
        <Result
          status="success"
          title={t('petitionThanks')}
          subTitle={
            <>
              <div>
                {t('petitionCode')}: <strong data-testid="petition-code">{sent.code}</strong>
              </div>
              <div>
                {t('petitionSecret')}: <strong data-testid="petition-secret">{sent.secret}</strong>
              </div>
              <div>
                {t('petitionDueAt')}: {fmt(sent.dueAt)}
              </div>
              <Typography.Paragraph type="secondary">{t('petitionKeepSecret')}</Typography.Paragraph>
            </>
          }
          extra={[
            <Link key="lookup" to={`/phan-anh/tra-cuu?code=${encodeURIComponent(sent.code)}&secret=${sent.secret}`}>
              {t('petitionLookupTitle')}
            </Link>,
          ]}
        />
      </Card>
    );

  return (
    <Card style={{ maxWidth: 760, margin: '0 auto' }}>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('petitionFormTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('petitionFormIntro')}</Typography.Paragraph>
      <Typography.Paragraph>
        <Link to="/phan-anh/cong-khai">{t('petitionPublishedTitle')}</Link> · <Link to="/phan-anh/tra-cuu">{t('petitionLookupTitle')}</Link>
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 16 }} />}
      <Form<PetitionRequest> form={form} layout="vertical" onFinish={submit} initialValues={{ kind: 'feedback', dossierCode: params.get('code') ?? undefined }} scrollToFirstError>
        {/* Always set (an initial value, no clear button): no `required` rule, whose aria-required antd puts on the Select's wrapper div, where ARIA forbids it (axe: aria-allowed-attr). */}
        <Form.Item label={t('petitionKind')} name="kind">
          <Select options={[{ value: 'feedback', label: t('petitionKind_feedback') }, { value: 'proposal', label: t('petitionKind_proposal') }]} />
        </Form.Item>
        <Form.Item label={t('petitionSubject')} name="subject" rules={[{ required: true, whitespace: true, message: t('required') }, { max: SUBJECT_MAX }]}>
          <Input maxLength={SUBJECT_MAX} />
        </Form.Item>
        <Form.Item label={t('feedbackMessage')} name="message" rules={[{ required: true, whitespace: true, message: t('required') }, { max: MESSAGE_MAX }]}>
          <Input.TextArea rows={6} showCount maxLength={MESSAGE_MAX} />
        </Form.Item>
        <Form.Item label={t('feedbackName')} name="name" rules={[{ required: true, whitespace: true, message: t('required') }, { max: 200 }]}>
          <Input autoComplete="name" />
        </Form.Item>
        <Form.Item
          label={t('feedbackContact')}
          name="contact"
          extra={t('petitionContactHint')}
          rules={[
            { required: true, whitespace: true, message: t('required') },
            { max: 200 },
            { validator: (_, v?: string) => (CONTACT_PATTERN.test(v ?? '') ? Promise.resolve() : Promise.reject(new Error(t('feedbackContactInvalid')))) },
          ]}
        >
          <Input autoComplete="email" />
        </Form.Item>
        <Form.Item label={t('petitionAboutDossier')} name="dossierCode" rules={[{ max: 60 }, { pattern: DOSSIER_CODE_PATTERN, message: t('feedbackCodeInvalid') }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('petitionSend')}
        </Button>
      </Form>
    </Card>
  );
}

import { Alert, Button, Descriptions, Form, Input, Radio, Typography } from 'antd';
import { useState } from 'react';
import { RATING_COMMENT_MAX, RATING_CRITERIA, RATING_MAX, RATING_MIN, type RatingCriterion } from '../../../../libs/contracts/src/ratings';
import { api, type DossierRating, type RateRequest, type RatingReceipt } from '../api';
import { fmt } from '../format';
import { applyApiErrors } from '../forms';
import { useI18n, type MsgKey } from '../i18n';

interface RatingValues {
  scores: Record<RatingCriterion, number>;
  comment?: string;
}

const SCORES = Array.from({ length: RATING_MAX - RATING_MIN + 1 }, (_, i) => RATING_MIN + i);

/**
 * On the lookup page of a returned dossier: the satisfaction form (the criteria of
 * libs/contracts/src/ratings.ts, 1–5 each, and a comment) until the citizen rates, then the rating
 * given. The comment is rendered as text (React escapes it).
 */
export function RatingSection({ code, secret, rating }: { code: string; secret: string; rating?: DossierRating }) {
  const { t, f } = useI18n();
  const [form] = Form.useForm<RatingValues>();
  const [receipt, setReceipt] = useState<RatingReceipt>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const given = receipt ?? rating;

  const submit = async (v: RatingValues) => {
    setBusy(true);
    setError(undefined);
    try {
      const body: RateRequest = { scores: v.scores, comment: v.comment?.trim() || undefined };
      setReceipt(await api<RatingReceipt>(`/api/public/dossiers/${encodeURIComponent(code)}/rating?secret=${encodeURIComponent(secret)}`, { method: 'POST', auth: false, body }));
    } catch (err) {
      setError(applyApiErrors(form, err));
    } finally {
      setBusy(false);
    }
  };

  const scoreText = (n: number) => `${n} — ${t(`ratingScore_${n}` as MsgKey)}`;

  if (given)
    return (
      <section data-testid="rating-given" aria-labelledby="rating-given-title" style={{ marginTop: 16 }}>
        <Typography.Title level={2} id="rating-given-title" style={{ fontSize: 16 }}>
          {t('ratingGiven')}
        </Typography.Title>
        {receipt && <Alert type="success" showIcon role="status" message={t('ratingThanks')} description={receipt.followUp ? t('ratingFollowUp') : undefined} style={{ marginBottom: 12 }} />}
        <Descriptions bordered size="small" column={1}>
          {RATING_CRITERIA.map((k) => (
            <Descriptions.Item key={k} label={t(`rating_${k}` as MsgKey)}>
              <span data-criterion={k} data-score={given.scores[k]}>
                {scoreText(given.scores[k])}
              </span>
            </Descriptions.Item>
          ))}
          {given.comment && (
            <Descriptions.Item label={t('ratingComment')}>
              <span data-testid="rating-comment" style={{ whiteSpace: 'pre-wrap' }}>
                {given.comment}
              </span>
            </Descriptions.Item>
          )}
        </Descriptions>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {f('ratingGivenAt', { at: fmt(given.ratedAt) })}
        </Typography.Paragraph>
      </section>
    );

  return (
    <section data-testid="rating-form" aria-labelledby="rating-title" style={{ marginTop: 16 }}>
      <Typography.Title level={2} id="rating-title" style={{ fontSize: 16 }}>
        {t('ratingTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('ratingIntro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 16 }} />}
      <Form<RatingValues> form={form} layout="vertical" onFinish={submit} scrollToFirstError>
        {RATING_CRITERIA.map((k) => (
          <Form.Item key={k} label={<span id={`rating-${k}-label`}>{t(`rating_${k}` as MsgKey)}</span>} name={['scores', k]} rules={[{ required: true, message: t('required') }]}>
            <ScoreGroup criterion={k} titles={SCORES.map(scoreText)} />
          </Form.Item>
        ))}
        <Form.Item label={t('ratingComment')} name="comment" rules={[{ max: RATING_COMMENT_MAX }]}>
          <Input.TextArea rows={3} maxLength={RATING_COMMENT_MAX} showCount />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="rating-send">
          {t('ratingSend')}
        </Button>
      </Form>
    </section>
  );
}

/** One criterion's 1–5 buttons, named by its label (Form.Item passes value and onChange). */
function ScoreGroup({ criterion, titles, value, onChange }: { criterion: RatingCriterion; titles: string[]; value?: number; onChange?: (v: number) => void }) {
  return (
    <div role="radiogroup" aria-labelledby={`rating-${criterion}-label`} data-criterion={criterion}>
      <Radio.Group optionType="button" value={value} onChange={(e) => onChange?.(e.target.value as number)} options={SCORES.map((n, i) => ({ value: n, label: String(n), title: titles[i] }))} />
    </div>
  );
}

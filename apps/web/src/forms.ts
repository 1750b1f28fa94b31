import type { FormInstance } from 'antd';
import { useLayoutEffect, useState } from 'react';
import { ApiError } from './api';

/**
 * Puts the API's 400 `fields[]` next to the form fields ("applicant.name" → ['applicant','name']);
 * returns the messages that match no field so the page can show them above the form.
 */
export function applyApiErrors(form: FormInstance, err: unknown, rename: Record<string, (string | number)[]> = {}): string | undefined {
  if (!(err instanceof ApiError)) return (err as Error)?.message ?? String(err);
  if (err.status !== 400 || err.fields.length === 0) return err.message;
  const known = new Set(Object.keys(flatten(form.getFieldsValue(true))));
  const leftovers: string[] = [];
  const fields = err.fields.flatMap((f) => {
    const path = rename[f.field] ?? f.field.split(/[.[\]]/).filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    if (!known.has(path.join('.')) && !rename[f.field]) {
      leftovers.push(`${f.field}: ${f.messages.join('; ')}`);
      return [];
    }
    return [{ name: path, errors: f.messages }];
  });
  form.setFields(fields);
  if (fields[0]) form.scrollToField(fields[0].name, { block: 'center' });
  return leftovers.length ? leftovers.join(' · ') : undefined;
}

function flatten(obj: unknown, prefix = ''): Record<string, true> {
  const out: Record<string, true> = {};
  if (obj && typeof obj === 'object' && !Array.isArray(obj) && !(obj as { $d?: unknown }).$d) {
    for (const [k, v] of Object.entries(obj)) {
      const p = prefix ? `${prefix}.${k}` : k;
      out[p] = true;
      Object.assign(out, flatten(v, p));
    }
  }
  return out;
}

export function newIdempotencyKey(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/** A 400's field problems by field path (`steps[1].duration` → its messages); undefined for any other error. */
export function apiFieldErrors(err: unknown): Record<string, string[]> | undefined {
  if (!(err instanceof ApiError) || err.status !== 400 || err.fields.length === 0) return undefined;
  return Object.fromEntries(err.fields.map((f) => [f.field, f.messages]));
}

/**
 * A form sent to the API: while it is sent, and the API's refusal (its 400 on the fields it names,
 * the rest as `error` for the page to show above the form; `setError` for the page's own, e.g. a failed load).
 */
export function useApiSubmit(form: FormInstance) {
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const run = async (send: () => Promise<void>) => {
    // The last refusal's field errors go with the request that earned them (a field without rules
    // keeps an error set from outside until told otherwise); run is called once the form's own rules passed.
    form.setFields(form.getFieldsError().filter((f) => f.errors.length > 0).map((f) => ({ name: f.name, errors: [] })));
    setError(undefined);
    setSaving(true);
    try {
      await send();
    } catch (err) {
      setError(applyApiErrors(form, err));
    } finally {
      setSaving(false);
    }
  };
  return { error, setError, saving, run };
}

/**
 * Form.Item hands a required Select aria-required; the Select puts it on its combobox input, where
 * it belongs, and on its wrapper div, where ARIA forbids it (axe: aria-allowed-attr). React sets it
 * again only if the value changes, which it does not. Takes it off the wrappers of the selects whose
 * inputs have these ids, after every render.
 */
export function useRequiredSelects(...ids: string[]): void {
  useLayoutEffect(() => {
    for (const id of ids) document.getElementById(id)?.closest('.ant-select')?.removeAttribute('aria-required');
  });
}

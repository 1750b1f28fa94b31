import { Alert } from 'antd';
import { useCallback, useState, type ReactNode } from 'react';
import { apiFieldErrors } from './forms';

/** The API's 400 by field path (`steps[1].duration` → its messages). */
export type FieldErrors = Record<string, string[]>;

export interface ApiFieldErrors {
  errors: FieldErrors;
  /** Keeps a 400's field problems (undefined returned); any other error clears them and is returned as its message. */
  take(err: unknown): string | undefined;
  clear(): void;
  /** The messages for a field and, with `nested`, for the fields under it (`legalTime.days`, `officeHours[0].start`). */
  of(field: string, nested?: boolean): string[];
  /** A Form.Item's error state and help for a field (`nested` as for `of`); the help is `data-testid="error-<field>"`. */
  item(field: string, nested?: boolean): { validateStatus?: 'error'; help?: ReactNode };
}

/**
 * The API's field errors for a form that is not an antd-managed Form (applyApiErrors is for those):
 * each shown under its field by `item`, the ones no field shows listed by <OtherFieldErrors>.
 */
export function useApiFieldErrors(): ApiFieldErrors {
  const [errors, setErrors] = useState<FieldErrors>({});
  const take = useCallback((err: unknown) => {
    const fields = apiFieldErrors(err);
    setErrors(fields ?? {});
    return fields ? undefined : err instanceof Error ? err.message : String(err);
  }, []);
  const clear = useCallback(() => setErrors({}), []);
  const of = (field: string, nested = false) => messagesOf(errors, field, nested);
  const item = (field: string, nested = false) => {
    const msgs = of(field, nested);
    return msgs.length ? { validateStatus: 'error' as const, help: <span data-testid={`error-${field}`}>{msgs.join('; ')}</span> } : {};
  };
  return { errors, take, clear, of, item };
}

function messagesOf(errors: FieldErrors, field: string, nested: boolean): string[] {
  return Object.entries(errors)
    .filter(([k]) => k === field || (nested && (k.startsWith(`${field}.`) || k.startsWith(`${field}[`))))
    .flatMap(([, m]) => m);
}

/** The API's field errors that no field of the form shows (`shown` says which it does), listed above the form. */
export function OtherFieldErrors({ errors, shown }: { errors: FieldErrors; shown: (field: string) => boolean }) {
  const others = Object.entries(errors).filter(([k]) => !shown(k));
  if (!others.length) return null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="other-field-errors"
      style={{ marginBottom: 12 }}
      message={
        <ul style={{ margin: 0, paddingLeft: 16 }}>
          {others.map(([k, m]) => (
            <li key={k}>{`${k}: ${m.join('; ')}`}</li>
          ))}
        </ul>
      }
    />
  );
}

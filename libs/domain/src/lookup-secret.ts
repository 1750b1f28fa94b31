import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The receipt's lookup secret: the first 10 hex digits of HMAC-SHA256 under LOOKUP_SECRET_KEY,
 * upper case, of a dossier's code, or of `petition:<code>` for a petition (so the two series never
 * share a secret). Printed on the receipt, sent in the citizen's notice, checked by
 * GET /api/public/dossiers/:code and GET /api/public/petitions/:code. Not exported from the index:
 * workflow code imports the index and may not use node:crypto.
 */
export function lookupSecret(key: string, code: string, series: 'dossier' | 'petition' = 'dossier'): string {
  return createHmac('sha256', key).update(series === 'petition' ? `petition:${code}` : code).digest('hex').slice(0, 10).toUpperCase();
}

/** Whether `given` (any case, surrounding spaces ignored) is the code's secret, compared in constant time. */
export function lookupSecretMatches(key: string, code: string, given: unknown, series: 'dossier' | 'petition' = 'dossier'): boolean {
  const expected = Buffer.from(lookupSecret(key, code, series));
  const offered = Buffer.from(String(given ?? '').trim().toUpperCase());
  return offered.length === expected.length && timingSafeEqual(offered, expected);
}

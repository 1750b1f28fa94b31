import { createHmac } from 'node:crypto';

/**
 * The receipt's lookup secret of a dossier: the first 10 hex digits of HMAC-SHA256(code) under
 * LOOKUP_SECRET_KEY, upper case. Printed on the receipt, sent in the citizen's notice, checked by
 * GET /api/public/dossiers/:code. Not exported from the index: workflow code imports the index and
 * may not use node:crypto.
 */
export function lookupSecret(key: string, code: string): string {
  return createHmac('sha256', key).update(code).digest('hex').slice(0, 10).toUpperCase();
}

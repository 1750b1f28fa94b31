/** The test Mailpit's HTTP API (global setup starts it and sets MAILPIT_URL). */
export interface CaughtMail {
  ID: string;
  MessageID: string;
  Subject: string;
  To: { Name: string; Address: string }[];
  Snippet: string;
}

const base = () => {
  const url = process.env.MAILPIT_URL;
  if (!url) throw new Error('MAILPIT_URL is not set: global setup starts Mailpit');
  return url;
};

/** Every caught mail matching a Mailpit search (e.g. a dossier code, `subject:"…"`). */
export async function searchMail(query: string): Promise<CaughtMail[]> {
  const out: CaughtMail[] = [];
  for (let start = 0; ; start += 200) {
    const res = await fetch(`${base()}/api/v1/search?query=${encodeURIComponent(query)}&start=${start}&limit=200`);
    if (!res.ok) throw new Error(`Mailpit search failed: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { messages: CaughtMail[]; messages_count: number };
    out.push(...body.messages);
    if (body.messages.length < 200) return out;
  }
}

/** A caught mail's text body. */
export async function mailText(id: string): Promise<string> {
  const res = await fetch(`${base()}/api/v1/message/${id}`);
  if (!res.ok) throw new Error(`Mailpit message ${id}: ${res.status}`);
  return ((await res.json()) as { Text: string }).Text;
}

/**
 * The caught mails matching a search that this test file's own database sent: one Mailpit serves
 * every test file, and their databases number dossiers alike (each file's first dossier has the same
 * code), so a search by code also finds other files' mails. A mail's Message-ID is its notification's
 * id (`<id>@dossier-flow.local`), unique across files.
 */
export async function searchOwnMail(ds: { query(sql: string, params?: unknown[]): Promise<unknown> }, query: string): Promise<CaughtMail[]> {
  const mails = await searchMail(query);
  if (!mails.length) return mails;
  const ids = mails.map((m) => m.MessageID.replace(/^<|>$/g, '').replace(/@.*$/, ''));
  const own = (await ds.query(`SELECT id::text AS id FROM notifications WHERE id::text = ANY($1)`, [ids])) as { id: string }[];
  const mine = new Set(own.map((r) => r.id));
  return mails.filter((_, i) => mine.has(ids[i]!));
}

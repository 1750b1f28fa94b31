// Server-sent events (text/event-stream) block parsing, shared by the web app and the bench client.
// No package imports: it runs in the browser and in Node.

export interface SseMessage {
  /** The `event:` field; `message` when the block names none. */
  type: string;
  /** The `data:` lines joined with `\n` (one optional space after each colon removed). */
  data: string;
  /** The `id:` field, when the block has one: sent back as `Last-Event-ID` to resume after it. */
  id?: string;
}

/**
 * Splits the complete blocks (each ended by a blank line) off the front of `buffer` and returns
 * them with the unfinished remainder, to be prefixed to the next chunk. CRLF and lone CR line ends
 * are read as LF (a CR at the very end stays in `rest`: its LF may be in the next chunk). Blocks
 * without data (comments such as keep-alives, bare `event:` lines) yield no message.
 */
export function parseSseBlocks(buffer: string): { events: SseMessage[]; rest: string } {
  let text = buffer.replace(/\r\n|\r(?!$)/g, '\n');
  const events: SseMessage[] = [];
  let cut: number;
  while ((cut = text.indexOf('\n\n')) >= 0) {
    const block = text.slice(0, cut);
    text = text.slice(cut + 2);
    const type = /^event: ?(.*)$/m.exec(block)?.[1] ?? 'message';
    const data = block
      .split('\n')
      .filter((l) => l.startsWith('data:'))
      .map((l) => l.slice(l.startsWith('data: ') ? 6 : 5))
      .join('\n');
    const id = /^id: ?(.*)$/m.exec(block)?.[1];
    if (data) events.push(id === undefined ? { type, data } : { type, data, id });
  }
  return { events, rest: text };
}

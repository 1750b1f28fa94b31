import { parseSseBlocks } from './sse';

describe('parseSseBlocks', () => {
  it('splits complete blocks off and keeps the unfinished rest', () => {
    expect(parseSseBlocks('event: alert\ndata: {"a":1}\n\ndata: 2\n\nevent: x\ndata: par')).toEqual({
      events: [
        { type: 'alert', data: '{"a":1}' },
        { type: 'message', data: '2' },
      ],
      rest: 'event: x\ndata: par',
    });
  });

  it('joins multi-line data and drops only one space after the colon', () => {
    expect(parseSseBlocks('data:first\ndata:  second\ndata: third\n\n').events).toEqual([{ type: 'message', data: 'first\n second\nthird' }]);
    expect(parseSseBlocks('event:tick\ndata:1\n\n').events).toEqual([{ type: 'tick', data: '1' }]);
  });

  it('reads CRLF and lone CR line ends as LF', () => {
    const lf = 'event: a\ndata: 1\n\nevent: b\ndata: 2\ndata: 2b\n\ndata: 3';
    expect(parseSseBlocks(lf).events).toHaveLength(2);
    expect(parseSseBlocks(lf.replace(/\n/g, '\r\n'))).toEqual(parseSseBlocks(lf));
    expect(parseSseBlocks(lf.replace(/\n/g, '\r'))).toEqual(parseSseBlocks(lf));
  });

  it('keeps a CR at the end of the buffer until the next chunk says whether an LF follows', () => {
    const first = parseSseBlocks('data: 1\r\n\r');
    expect(first.events).toEqual([]);
    const second = parseSseBlocks(`${first.rest}\ndata: 2\r\n\r\n`);
    expect(second).toEqual({ events: [{ type: 'message', data: '1' }, { type: 'message', data: '2' }], rest: '' });
  });

  it('skips blocks without data (comments, keep-alives)', () => {
    expect(parseSseBlocks(': ping\n\nevent: empty\n\nid: 3\ndata: x\n\n')).toEqual({ events: [{ type: 'message', data: 'x', id: '3' }], rest: '' });
  });

  it('returns nothing from a buffer without a complete block', () => {
    expect(parseSseBlocks('')).toEqual({ events: [], rest: '' });
    expect(parseSseBlocks('data: 1\n')).toEqual({ events: [], rest: 'data: 1\n' });
  });
});

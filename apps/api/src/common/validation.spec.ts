import { MAX_BODY_DEPTH, unsafeInput } from './validation';

describe('unsafeInput', () => {
  it('names the field holding a NUL or a lone surrogate half, wherever it is nested', () => {
    expect(unsafeInput({ applicant: { name: 'a\u0000b' } })).toEqual({ field: 'applicant.name', messages: ['must not contain NUL characters'] });
    expect(unsafeInput({ message: 'x\ud800y' })?.field).toBe('message');
    expect(unsafeInput({ items: ['ok', '\udc00'] })?.field).toBe('items[1]');
    expect(unsafeInput('\ud83d', 'code', 'param')?.field).toBe('code');
  });

  it('lets well-formed text through, pairs included', () => {
    expect(unsafeInput({ name: 'Nguyễn Thị Vân Quỳnh 💩', note: '\u202e' })).toBeUndefined();
  });

  it('refuses nesting past the bound', () => {
    let v: unknown = 1;
    for (let i = 0; i <= MAX_BODY_DEPTH; i++) v = { a: v };
    expect(unsafeInput(v)?.messages[0]).toMatch(/nested more than/);
  });
});

import { CONTACT_PATTERN, DOSSIER_CODE_PATTERN, ID_NUMBER_PATTERN, PHONE_PATTERN } from './patterns';

describe('the shared input rules', () => {
  it.each([
    [PHONE_PATTERN, ['0912345678', '+84 912 345 678', '024.3825.1234'], ['12345', 'call me', '0912345678x']],
    [ID_NUMBER_PATTERN, ['012345678', '001203004005'], ['0123456789', '00120300400A', '']],
    [DOSSIER_CODE_PATTERN, ['000.00.10.H62-260105-0001', 'A_b-1'], ['có dấu', 'a/b', '']],
    [CONTACT_PATTERN, ['', '   ', ' 0987654321 ', 'an@example.vn', '+84 987 654 321'], ['Phạm Thu Trang', 'an@', '12 34']],
  ])('%s accepts the good and refuses the bad', (pattern, good, bad) => {
    for (const v of good) expect([v, pattern.test(v)]).toEqual([v, true]);
    for (const v of bad) expect([v, pattern.test(v)]).toEqual([v, false]);
  });
});

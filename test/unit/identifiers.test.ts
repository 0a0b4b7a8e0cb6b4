import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { CREDIT_CODE_ALPHABET, creditCodeProblem, isValidCreditCode, normalizeCreditCode } from '#domain/identifiers/credit-code.ts';
import { isValidResidentId, maskIdNumber, normalizeResidentId, residentIdProblem } from '#domain/identifiers/resident-id.ts';
import { isValidPatentNumber, parsePatentNumber } from '#domain/identifiers/patent-number.ts';
import { isValidTrademarkNumber, parseTrademarkNumber } from '#domain/identifiers/trademark-number.ts';

const TODAY = '2026-03-01';

// Check characters computed here independently of the code under test, from the standards'
// definitions rather than from the implementation's weight tables.

/** GB 32100: weight of position i is 3^i mod 31. */
function creditCheck(first17: string): string {
  let sum = 0;
  let weight = 1;
  for (const ch of first17) {
    sum += CREDIT_CODE_ALPHABET.indexOf(ch) * weight;
    weight = (weight * 3) % 31;
  }
  return CREDIT_CODE_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

/** ISO 7064 MOD 11-2: weight of position i is 2^(17-i) mod 11. */
function residentCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  const check = (12 - (sum % 11)) % 11;
  return check === 10 ? 'X' : String(check);
}

/** Patent application numbers: weights 2..9 then 2..5 over the 12 digits. */
function patentCheck(digits12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(digits12[i]) * ((i % 8) + 2);
  const check = sum % 11;
  return check === 10 ? 'X' : String(check);
}

/** Every string differing from `s` in exactly one position, over `alphabet`. */
function singleSubstitutions(s: string, alphabet: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i++) {
    for (const ch of alphabet) if (ch !== s[i]) out.push(s.slice(0, i) + ch + s.slice(i + 1));
  }
  return out;
}

function replaceLast(s: string, ch: string): string {
  return s.slice(0, -1) + ch;
}

describe('unified social credit code', () => {
  const GOOD = ['91350100M000100Y43', '91110108551385082Q', '91440300708461136T'];

  it.each(GOOD)('accepts the public code %s', (code) => {
    expect(creditCodeProblem(code)).toBeNull();
    expect(isValidCreditCode(code)).toBe(true);
    expect(creditCheck(code.slice(0, 17))).toBe(code[17]);
  });

  it('accepts lowercase input and normalises it to uppercase', () => {
    expect(isValidCreditCode('91350100m000100y43')).toBe(true);
    expect(normalizeCreditCode('91350100m000100y43')).toBe('91350100M000100Y43');
  });

  it.each(GOOD)('rejects %s with any other check character', (code) => {
    for (const ch of CREDIT_CODE_ALPHABET) {
      if (ch === code[17]) continue;
      expect(creditCodeProblem(replaceLast(code, ch))).toBe('credit_code.check_character');
    }
  });

  it.each(['91350100M000100Y4', '91350100M000100Y433', '', '9135 0100M000100Y43'])(
    'rejects the wrong length or shape %j as a format problem',
    (code) => {
      expect(creditCodeProblem(code)).toBe('credit_code.format');
    },
  );

  it.each(['I', 'O', 'Z', 'S', 'V'])('rejects the forbidden letter %s anywhere', (letter) => {
    expect(creditCodeProblem(`91350100${letter}000100Y43`)).toBe('credit_code.format');
    expect(creditCodeProblem(replaceLast('91350100M000100Y43', letter))).toBe('credit_code.format');
  });

  it('rejects characters whose case mapping would change the length', () => {
    // U+FB00 (ﬀ) upper-cases to "FF": 17 characters must not become a valid 18.
    expect(creditCodeProblem('9135010ﬀ000100Y43')).toBe('credit_code.format');
  });

  it('rejects every single-character substitution of a valid code', () => {
    const body = fc.string({ unit: fc.constantFrom(...CREDIT_CODE_ALPHABET), minLength: 17, maxLength: 17 });
    fc.assert(
      fc.property(body, fc.nat(17), fc.constantFrom(...CREDIT_CODE_ALPHABET), (first17, position, ch) => {
        const code = first17 + creditCheck(first17);
        expect(isValidCreditCode(code)).toBe(true);
        fc.pre(code[position] !== ch);
        const changed = code.slice(0, position) + ch + code.slice(position + 1);
        expect(isValidCreditCode(changed)).toBe(false);
      }),
    );
  });

  it('rejects all 540 single substitutions of each public code', () => {
    for (const code of GOOD) {
      for (const changed of singleSubstitutions(code, CREDIT_CODE_ALPHABET)) {
        expect(isValidCreditCode(changed), changed).toBe(false);
      }
    }
  });
});

describe('resident ID number', () => {
  // Worked by hand: body 61090219900307124 (area 610902, born 1990-03-07, sequence 124).
  // weights   7  9 10  5  8  4  2  1  6  3  7  9 10  5  8  4  2
  // digits    6  1  0  9  0  2  1  9  9  0  0  3  0  7  1  2  4
  // products 42  9  0 45  0  8  2  9 54  0  0 27  0 35  8  8  8  → sum 255
  // 255 mod 11 = 2; check = (12 − 2) mod 11 = 10 → "X".
  const HAND_VERIFIED = '61090219900307124X';

  it('accepts the hand-verified number with check character X', () => {
    expect(residentIdProblem(HAND_VERIFIED, TODAY)).toBeNull();
    expect(residentCheck('61090219900307124')).toBe('X');
  });

  it('accepts a lowercase x and normalises it to X', () => {
    expect(isValidResidentId('61090219900307124x', TODAY)).toBe(true);
    expect(normalizeResidentId('61090219900307124x')).toBe(HAND_VERIFIED);
  });

  it('rejects the hand-verified number with any other check character', () => {
    for (const ch of '0123456789') {
      expect(residentIdProblem(replaceLast(HAND_VERIFIED, ch), TODAY)).toBe('id_number.check_character');
    }
  });

  it.each(['61090219900307124', '61090219900307124X1', '6109021990030712AX', 'X10902199003071241'])(
    'rejects the wrong length or shape %j as a format problem',
    (id) => {
      expect(residentIdProblem(id, TODAY)).toBe('id_number.format');
    },
  );

  it('rejects a birth date that does not exist (Feb 30) even with a correct check character', () => {
    const body = '61090219900230123';
    expect(residentIdProblem(body + residentCheck(body), TODAY)).toBe('id_number.birth_date');
  });

  it('accepts Feb 29 in a leap year and rejects it in a common year', () => {
    const leap = '61090220000229123';
    const common = '61090219000229123'; // 1900 is not a leap year
    expect(residentIdProblem(leap + residentCheck(leap), TODAY)).toBeNull();
    expect(residentIdProblem(common + residentCheck(common), TODAY)).toBe('id_number.birth_date');
  });

  it('rejects a birth date after today and accepts one on today', () => {
    const tomorrow = '61090220260302123';
    const today = '61090220260301123';
    expect(residentIdProblem(tomorrow + residentCheck(tomorrow), TODAY)).toBe('id_number.birth_date');
    expect(residentIdProblem(today + residentCheck(today), TODAY)).toBeNull();
  });

  it('rejects a birth date before 1900', () => {
    const body = '61090218991231123';
    expect(residentIdProblem(body + residentCheck(body), TODAY)).toBe('id_number.birth_date');
  });

  const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
  const birthDate = fc
    .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date(`${TODAY}T00:00:00Z`), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10).replaceAll('-', ''));
  const validId = fc
    .tuple(digits(6), birthDate, digits(3))
    .map(([area, birth, seq]) => area + birth + seq)
    .map((body) => body + residentCheck(body));

  it('accepts generated numbers with a real birth date and a correct check character', () => {
    fc.assert(
      fc.property(validId, (id) => {
        expect(residentIdProblem(id, TODAY)).toBeNull();
      }),
    );
  });

  it('rejects every single-character substitution of a valid number', () => {
    fc.assert(
      fc.property(validId, fc.nat(17), fc.constantFrom(...'0123456789X'), (id, position, ch) => {
        fc.pre(id[position] !== ch);
        const changed = id.slice(0, position) + ch + id.slice(position + 1);
        expect(isValidResidentId(changed, TODAY)).toBe(false);
      }),
    );
  });

  it('masks all but the first and last four characters', () => {
    expect(maskIdNumber(HAND_VERIFIED)).toBe('6109**********124X');
    expect(maskIdNumber('12345678')).toBe('********');
  });
});

describe('patent application number', () => {
  const GOOD = ['201910603565.1', '201911044411.X', '201910377061.2', '201910725275.4', '201910460277.5'];

  it.each(GOOD)('accepts the public number %s (check computed independently too)', (n) => {
    expect(parsePatentNumber(n)).toEqual({ normalized: n, type: 'invention' });
    expect(patentCheck(n.slice(0, 12))).toBe(n[13]);
  });

  it.each(GOOD.flatMap((n) => [`ZL${n}`, `CN${n}`, `zl${n}`, `cn${n}`, n.replace('.', ''), `ZL${n.replace('.', '')}`, `ZL ${n}`]))(
    'accepts the prefixed or dotless form %s and normalises it',
    (form) => {
      const parsed = parsePatentNumber(form);
      expect(typeof parsed).toBe('object');
      expect(GOOD).toContain((parsed as { normalized: string }).normalized);
    },
  );

  it('normalises a lowercase x check character to X', () => {
    expect(parsePatentNumber('zl201911044411.x')).toEqual({ normalized: '201911044411.X', type: 'invention' });
  });

  it.each(GOOD)('rejects %s with any other check character', (n) => {
    for (const ch of '0123456789X') {
      if (ch === n[13]) continue;
      expect(parsePatentNumber(replaceLast(n, ch))).toBe('patent_number.check_digit');
    }
  });

  it.each([
    '20191060356.1', // 11 digits
    '2019106035651.1', // 13 digits
    '201910603565', // no check character
    '201910603565.', // dot without check character
    '201940603565.1', // 4 is not a type digit
    '200210603565.1', // before 2003, numbers had another format
    'ZX201910603565.1',
    '201910603565-1',
    '',
  ])('rejects the malformed number %j', (n) => {
    expect(parsePatentNumber(n)).toBe('patent_number.format');
  });

  it('reads the type digit: 1, 8 invention; 2, 9 utility model; 3 design', () => {
    const typeOf = (digit: string) => {
      const digits = `2020${digit}0012345`;
      const parsed = parsePatentNumber(`${digits}.${patentCheck(digits)}`);
      return typeof parsed === 'string' ? parsed : parsed.type;
    };
    expect(['1', '2', '3', '8', '9'].map(typeOf)).toEqual(['invention', 'utility_model', 'design', 'invention', 'utility_model']);
  });

  it('rejects every single-character substitution of a valid number', () => {
    const digits12 = fc
      .tuple(fc.integer({ min: 2003, max: 2099 }), fc.constantFrom('1', '2', '3', '8', '9'), fc.nat(9_999_999))
      .map(([year, type, serial]) => `${year}${type}${String(serial).padStart(7, '0')}`);
    fc.assert(
      fc.property(digits12, fc.nat(12), fc.constantFrom(...'0123456789X'), (d, position, ch) => {
        const n = `${d}.${patentCheck(d)}`;
        expect(isValidPatentNumber(n)).toBe(true);
        const index = position === 12 ? 13 : position; // skip the dot
        fc.pre(n[index] !== ch);
        expect(isValidPatentNumber(n.slice(0, index) + ch + n.slice(index + 1))).toBe(false);
      }),
    );
  });
});

describe('trademark registration number', () => {
  it.each([
    ['1', '1'],
    ['12345678', '12345678'],
    ['G1234567', 'G1234567'],
    ['g1234567', 'G1234567'],
    ['1234567a', '1234567A'],
    ['G123A', 'G123A'],
  ])('accepts %s as %s', (input, normalized) => {
    expect(parseTrademarkNumber(input)).toMatchObject({ normalized });
  });

  it('tells international registrations and divisional applications apart', () => {
    expect(parseTrademarkNumber('G1234567')).toEqual({ normalized: 'G1234567', international: true, divisional: false });
    expect(parseTrademarkNumber('1234567A')).toEqual({ normalized: '1234567A', international: false, divisional: true });
  });

  it.each(['', '123456789', 'G', 'A', '12A3', 'X123', '12 34', '１２３'])('rejects %j', (input) => {
    expect(parseTrademarkNumber(input)).toBe('trademark_number.format');
    expect(isValidTrademarkNumber(input)).toBe(false);
  });
});

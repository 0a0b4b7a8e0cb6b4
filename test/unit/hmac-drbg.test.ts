// HMAC_DRBG with SHA-256 (NIST SP 800-90A), the generator behind the inspection draw: checked against
// the NIST CAVP known answers, and its whole numbers below n against their contract.

import { describe, expect, it } from 'vitest';
import { HmacDrbg } from '#domain/hmac-drbg.ts';
import { fromHex, toHex, utf8 } from '#domain/sha256.ts';

/**
 * CAVP HMAC_DRBG.rsp, [SHA-256], no reseed, no prediction resistance, 256-bit entropy input,
 * 128-bit nonce, no additional input, 1024 returned bits.
 */
const CAVP = [
  {
    name: 'COUNT 0, no personalization string',
    entropy: 'ca851911349384bffe89de1cbdc46e6831e44d34a4fb935ee285dd14b71a7488',
    nonce: '659ba96c601dc69fc902940805ec0ca8',
    personalization: '',
    returnedBits:
      'e528e9abf2dece54d47c7e75e5fe302149f817ea9fb4bee6f4199697d04d5b89d54fbb978a15b5c443c9ec21036d2460' +
      'b6f73ebad0dc2aba6e624abf07745bc107694bb7547bb0995f70de25d6b29e2d3011bb19d27676c07162c8b5ccde0668' +
      '961df86803482cb37ed6d5c0bb8d50cf1f50d476aa0458bdaba806f48be9dcb8',
  },
  {
    name: 'COUNT 1, no personalization string',
    entropy: '79737479ba4e7642a221fcfd1b820b134e9e3540a35bb48ffae29c20f5418ea3',
    nonce: '3593259c092bef4129bc2c6c9e19f343',
    personalization: '',
    returnedBits:
      'cf5ad5984f9e43917aa9087380dac46e410ddc8a7731859c84e9d0f31bd43655b924159413e2293b17610f211e09f770' +
      'f172b8fb693a35b85d3b9e5e63b1dc252ac0e115002e9bedfb4b5b6fd43f33b8e0eafb2d072e1a6fee1f159df9b51e6c' +
      '8da737e60d5032dd30544ec51558c6f080bdbdab1de8a939e961e06b5f1aca37',
  },
  {
    // The draw instantiates with a personalization string: this section covers that input.
    name: 'COUNT 0, 256-bit personalization string',
    entropy: '5cacc68165a2e2ee20812f35ec73a79dbf30fd475476ac0c44fc6174cdac2b55',
    nonce: '6f885496c1e63af620becd9e71ecb824',
    personalization: 'e72dd8590d4ed5295515c35ed6199e9d211b8f069b3058caa6670b96ef1208d0',
    returnedBits:
      'f1012cf543f94533df27fedfbf58e5b79a3dc517a9c402bdbfc9a0c0f721f9d53faf4aafdc4b8f7a1b580fcaa52338d4' +
      'bd95f58966a243cdcd3f446ed4bc546d9f607b190dd69954450d16cd0e2d6437067d8b44d19a6af7a7cfa8794e5fbd72' +
      '8e8fb2f2e8db5dd4ff1aa275f35886098e80ff844886060da8b1e7137846b23b',
  },
];

describe('HMAC_DRBG SHA-256 known answers', () => {
  it.each(CAVP)('returns the CAVP bits of $name (instantiate, generate 128 bytes and discard, generate 128 bytes)', (vector) => {
    const drbg = new HmacDrbg(fromHex(vector.entropy), fromHex(vector.nonce), fromHex(vector.personalization));
    const first = drbg.generate(128);
    const second = drbg.generate(128);
    expect(toHex(second)).toBe(vector.returnedBits);
    expect(toHex(first)).not.toBe(vector.returnedBits);
  });

  it('generates any number of bytes as the same stream prefix the first call would give', () => {
    const seed = fromHex(CAVP[0]!.entropy);
    const whole = new HmacDrbg(seed).generate(100);
    expect(whole).toHaveLength(100);
    expect(new HmacDrbg(seed).generate(33)).toEqual(whole.subarray(0, 33));
    expect(new HmacDrbg(seed).generate(0)).toHaveLength(0);
  });
});

describe('below(n)', () => {
  const drbgOf = (text: string) => new HmacDrbg(utf8(text));

  it('always returns a whole number in [0, n)', () => {
    const drbg = drbgOf('range');
    for (const n of [1, 2, 3, 7, 10, 31, 100, 1000, 2 ** 31 + 1, 2 ** 32 - 1, 2 ** 32]) {
      for (let i = 0; i < 40; i++) {
        const x = drbg.below(n);
        expect(Number.isInteger(x), `below(${n}) gave ${x}`).toBe(true);
        expect(x, `below(${n})`).toBeGreaterThanOrEqual(0);
        expect(x, `below(${n})`).toBeLessThan(n);
      }
    }
  });

  it('reaches every value of a small range', () => {
    const drbg = drbgOf('every value');
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) seen.add(drbg.below(7));
    expect([...seen].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('returns 0 for below(1)', () => {
    const drbg = drbgOf('one');
    for (let i = 0; i < 20; i++) expect(drbg.below(1)).toBe(0);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 32 + 1])('refuses below(%d)', (n) => {
    expect(() => drbgOf('bad').below(n)).toThrow(RangeError);
  });

  it('gives the same sequence from the same seed', () => {
    const a = drbgOf('same seed');
    const b = drbgOf('same seed');
    const first = Array.from({ length: 50 }, () => a.below(1000));
    const second = Array.from({ length: 50 }, () => b.below(1000));
    expect(second).toEqual(first);
  });

  it('gives a different sequence from a different seed', () => {
    const a = drbgOf('seed A');
    const b = drbgOf('seed B');
    const first = Array.from({ length: 50 }, () => a.below(1000));
    const second = Array.from({ length: 50 }, () => b.below(1000));
    expect(second).not.toEqual(first);
  });

  it('reads one 4-byte generate as a big-endian number when it is not rejected', () => {
    // For n = 2^32 nothing is rejected, so below(n) is exactly the big-endian value of generate(4).
    const bytes = drbgOf('big-endian').generate(4);
    const expected = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
    expect(drbgOf('big-endian').below(2 ** 32)).toBe(expected);
  });
});

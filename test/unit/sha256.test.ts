// The plain SHA-256 and HMAC-SHA-256 the inspection draw runs everywhere (server, verifier, browser):
// they must give exactly what node:crypto gives, at every length around the 64-byte block boundaries.

import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { concat, fromHex, hmacSha256, sha256, sha256Hex, toHex, utf8 } from '#domain/sha256.ts';

/** Bytes that differ by position and by `salt`, so no two lengths hash a prefix of the same data. */
const bytes = (length: number, salt = 0) => Uint8Array.from({ length }, (_, i) => (i * 31 + salt * 7 + 13) & 0xff);

const nodeSha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const nodeHmac = (key: Uint8Array, data: Uint8Array) => createHmac('sha256', key).update(data).digest('hex');

describe('sha256', () => {
  it('gives the FIPS 180-4 digest of "abc"', () => {
    expect(toHex(sha256(utf8('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('gives the known digest of the empty message', () => {
    expect(toHex(sha256(new Uint8Array()))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('gives the FIPS 180-4 digest of the two-block 448-bit message', () => {
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('equals node:crypto for every length from 0 to 300 bytes', () => {
    for (let length = 0; length <= 300; length++) {
      const data = bytes(length, length);
      expect(toHex(sha256(data)), `length ${length}`).toBe(nodeSha256(data));
    }
  });

  it('hashes the UTF-8 bytes of a text, as sha256sum does', () => {
    const text = '安康市 2026 年第一批双随机抽查';
    expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });

  it('does not change its input', () => {
    const data = bytes(100);
    const copy = Uint8Array.from(data);
    sha256(data);
    expect(data).toEqual(copy);
  });
});

describe('hmacSha256', () => {
  it('gives the RFC 4231 test case 2 result', () => {
    expect(toHex(hmacSha256(utf8('Jefe'), utf8('what do ya want for nothing?')))).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('equals node:crypto for keys of 0 to 150 bytes, shorter, equal to and longer than the 64-byte block', () => {
    for (let keyLength = 0; keyLength <= 150; keyLength++) {
      const key = bytes(keyLength, 1000 + keyLength);
      for (const dataLength of [0, 1, 31, 32, 55, 56, 63, 64, 65, 119, 120, 200]) {
        const data = bytes(dataLength, dataLength);
        expect(toHex(hmacSha256(key, data)), `key ${keyLength}, data ${dataLength}`).toBe(nodeHmac(key, data));
      }
    }
  });

  it('equals node:crypto for messages of every length from 0 to 300 bytes', () => {
    const key = bytes(32, 5);
    for (let length = 0; length <= 300; length++) {
      const data = bytes(length, length + 3);
      expect(toHex(hmacSha256(key, data)), `length ${length}`).toBe(nodeHmac(key, data));
    }
  });
});

describe('hex and bytes', () => {
  it('round-trips every byte value through toHex and fromHex', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const hex = toHex(all);
    expect(hex).toMatch(/^[0-9a-f]{512}$/);
    expect(hex.slice(0, 8)).toBe('00010203');
    expect(fromHex(hex)).toEqual(all);
  });

  it('reads uppercase hex and the empty string', () => {
    expect(fromHex('00FFaB')).toEqual(Uint8Array.of(0x00, 0xff, 0xab));
    expect(fromHex('')).toEqual(new Uint8Array());
  });

  it.each(['0', 'abc', 'zz', '0g', '12 34', '0x12', '-1', 'ａｂ'])('refuses %j as hexadecimal', (text) => {
    expect(() => fromHex(text)).toThrow('not hexadecimal');
  });

  it('concatenates byte arrays in order', () => {
    expect(concat(Uint8Array.of(1, 2), new Uint8Array(), Uint8Array.of(3))).toEqual(Uint8Array.of(1, 2, 3));
    expect(concat()).toEqual(new Uint8Array());
  });
});

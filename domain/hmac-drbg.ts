// HMAC_DRBG with SHA-256 (NIST SP 800-90A Rev. 1, §10.1.2), as far as a public draw needs it:
// instantiate from a seed and generate, no reseeding, no prediction resistance, no additional input.
// It is deterministic on purpose: the seed is public after the draw, so anyone reruns it. Checked
// against the NIST CAVP vectors in test/unit.

import { concat, hmacSha256 } from './sha256.ts';

const OUTLEN = 32;

export class HmacDrbg {
  private key: Uint8Array = new Uint8Array(OUTLEN);
  private value: Uint8Array = new Uint8Array(OUTLEN).fill(0x01);

  /** Instantiate: seed material = entropy input ‖ nonce ‖ personalization string (§10.1.2.3). */
  constructor(entropy: Uint8Array, nonce: Uint8Array = new Uint8Array(), personalization: Uint8Array = new Uint8Array()) {
    this.update(concat(entropy, nonce, personalization));
  }

  /** HMAC_DRBG_Update (§10.1.2.2). */
  private update(provided: Uint8Array): void {
    this.key = hmacSha256(this.key, concat(this.value, Uint8Array.of(0x00), provided));
    this.value = hmacSha256(this.key, this.value);
    if (provided.length === 0) return;
    this.key = hmacSha256(this.key, concat(this.value, Uint8Array.of(0x01), provided));
    this.value = hmacSha256(this.key, this.value);
  }

  /** HMAC_DRBG_Generate (§10.1.2.5) of `bytes` bytes. */
  generate(bytes: number): Uint8Array {
    const out = new Uint8Array(bytes);
    for (let at = 0; at < bytes; at += OUTLEN) {
      this.value = hmacSha256(this.key, this.value);
      out.set(this.value.subarray(0, Math.min(OUTLEN, bytes - at)), at);
    }
    this.update(new Uint8Array());
    return out;
  }

  /**
   * A whole number in [0, n), uniformly: one Generate of 4 bytes read as a big-endian unsigned
   * 32-bit integer, drawn again while it falls in the top `2^32 mod n` values (so no value is favoured).
   */
  below(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 2 ** 32) throw new RangeError(`below(${n})`);
    const limit = 2 ** 32 - (2 ** 32 % n);
    // Each try is rejected with probability below ½: 128 rejections in a row do not happen (< 2⁻¹²⁸).
    for (let tries = 0; tries < 128; tries++) {
      const b = this.generate(4);
      const x = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
      if (x < limit) return x % n;
    }
    throw new Error('DRBG output rejected 128 times in a row');
  }
}

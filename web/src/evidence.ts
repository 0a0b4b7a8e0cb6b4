// Evidence files are hashed here, in the browser (Web Crypto SHA-256): only the digest and the
// file's details (name, size, type, last modified) leave the machine, never the file.

import type { Evidence } from '#domain/model.ts';

function hex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function sha256Hex(file: Blob): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
}

export async function describeFiles(files: readonly File[]): Promise<Evidence[]> {
  const items: Evidence[] = [];
  for (const file of files) {
    items.push({
      title: file.name.slice(0, 200),
      sha256: await sha256Hex(file),
      sizeBytes: file.size,
      mediaType: file.type || 'application/octet-stream',
      ...(file.lastModified ? { collectedAt: new Date(file.lastModified).toISOString() } : {}),
    });
  }
  return items;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

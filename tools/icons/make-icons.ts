/**
 * Writes the web app manifest's PNG icons (public/icons/) with no image library: concentric rings, a recursion
 * motif, in the page's colours. Run `npx tsx tools/icons/make-icons.ts` after changing the design; the PNGs are
 * committed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const BG = [15, 23, 42]; // slate-900
const FG = [52, 211, 153]; // emerald-400

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** `safe`: the fraction of the size the motif may use (maskable icons keep it inside the central 80 %). */
function icon(size: number, safe: number): Buffer {
  const rows: Buffer[] = [];
  const c = size / 2;
  const r = (size / 2) * safe;
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x + 0.5 - c, y + 0.5 - c) / r;
      // three rings, each half the radius of the last, and a dot
      const on = d < 0.12 || [1, 0.5, 0.25].some((ring) => Math.abs(d - ring * 0.9) < 0.05);
      (on ? FG : BG).forEach((v, i) => (row[1 + x * 3 + i] = v));
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = new URL('../../public/icons/', import.meta.url);
mkdirSync(out, { recursive: true });
writeFileSync(new URL('icon-192.png', out), icon(192, 0.95));
writeFileSync(new URL('icon-512.png', out), icon(512, 0.95));
writeFileSync(new URL('icon-maskable-512.png', out), icon(512, 0.75));
writeFileSync(new URL('apple-touch-icon.png', out), icon(180, 0.9));

// Writes build/icon.png (512 px, Linux) and build/icon.ico (256 px PNG inside an ICO, Windows):
// a teal tile with three stacked shelves. Run once by hand (`node scripts/icons.mjs`); the output is committed.
import { deflateSync, crc32 } from 'node:zlib';
import { writeFileSync } from 'node:fs';

function png(size) {
  const px = (x, y) => {
    const r = size * 0.18, m = size * 0.04; // corner radius, margin
    const cx = Math.min(Math.max(x, m + r), size - m - r), cy = Math.min(Math.max(y, m + r), size - m - r);
    if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return [0, 0, 0, 0];
    const u = x / size, v = y / size;
    for (const [top, w] of [[0.26, 0.5], [0.45, 0.6], [0.64, 0.7]]) if (v > top && v < top + 0.12 && Math.abs(u - 0.5) < w / 2) return [255, 255, 255, 255];
    return [15, 118, 110, 255];
  };
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) Buffer.from(px(x + 0.5, y + 0.5)).copy(row, 1 + x * 4);
    rows.push(row);
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type), data])));
    return Buffer.concat([len, Buffer.from(type), data, crc]);
  };
  const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4); ihdr[8] = 8; ihdr[9] = 6;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

function ico(pngData) {
  const head = Buffer.alloc(22);
  head.writeUInt16LE(1, 2); head.writeUInt16LE(1, 4); // type icon, one image
  head[6] = 0; head[7] = 0; // 256 x 256
  head.writeUInt16LE(1, 10); head.writeUInt16LE(32, 12);
  head.writeUInt32LE(pngData.length, 14); head.writeUInt32LE(22, 18);
  return Buffer.concat([head, pngData]);
}

writeFileSync(new URL('../build/icon.png', import.meta.url), png(512));
writeFileSync(new URL('../build/icon.ico', import.meta.url), ico(png(256)));
console.log('wrote build/icon.png and build/icon.ico');

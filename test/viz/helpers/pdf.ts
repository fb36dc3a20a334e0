// Count the pages of a PDF the browsers print (the handout test).
import { inflateSync } from 'node:zlib';

/** Pages of a PDF: page objects counted in the file and in its compressed object streams (Firefox packs them). */
export function pdfPages(pdf: Uint8Array): number {
  const buf = Buffer.from(pdf);
  const parts = [buf.toString('latin1')];
  let at = 0;
  for (;;) {
    const s = buf.indexOf('stream', at, 'latin1');
    if (s < 0) break;
    let start = s + 6;
    if (buf[start] === 0x0d) start++;
    if (buf[start] === 0x0a) start++;
    const e = buf.indexOf('endstream', start, 'latin1');
    if (e < 0) break;
    try {
      parts.push(inflateSync(buf.subarray(start, e)).toString('latin1'));
    } catch {
      // Not a deflated stream (or not one with page objects): its raw text is already counted.
    }
    at = e + 9;
  }
  return parts.reduce((n, p) => n + (p.match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length, 0);
}

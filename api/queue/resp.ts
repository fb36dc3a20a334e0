// The Redis wire format (RESP2): commands out as arrays of bulk strings, replies in as simple
// strings, errors, integers, bulk strings (UTF-8 text, or null) and nested arrays. Replies are
// parsed incrementally from whatever the socket delivers, so a reply split across packets (a
// large job result) is read once it is whole.

/** An error reply from the server (`-ERR ...`, `-NOSCRIPT ...`, `-WRONGPASS ...`). */
export class ReplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplyError';
  }
}

export type Reply = string | number | null | ReplyError | Reply[];
export type Arg = string | number | Buffer | null | undefined;

const CRLF = Buffer.from('\r\n');

/** One command as bytes: `*<n>\r\n` then `$<len>\r\n<bytes>\r\n` per argument. */
export function encodeCommand(args: Arg[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const a of args) {
    const b = Buffer.isBuffer(a) ? a : Buffer.from(a === null || a === undefined ? '' : String(a), 'utf8');
    parts.push(Buffer.from(`$${b.length}\r\n`), b, CRLF);
  }
  return Buffer.concat(parts);
}

const INCOMPLETE = Symbol('incomplete');
type Parsed = { value: Reply; next: number } | typeof INCOMPLETE;

function lineEnd(b: Buffer, from: number): number {
  const i = b.indexOf(13, from);
  return i >= 0 && i + 1 < b.length ? i : -1;
}

function parseAt(b: Buffer, at: number): Parsed {
  if (at >= b.length) return INCOMPLETE;
  const eol = lineEnd(b, at + 1);
  if (eol < 0) return INCOMPLETE;
  const line = b.toString('utf8', at + 1, eol);
  const after = eol + 2;
  switch (b[at]) {
    case 0x2b: return { value: line, next: after }; // +
    case 0x2d: return { value: new ReplyError(line), next: after }; // -
    case 0x3a: return { value: Number(line), next: after }; // :
    case 0x24: { // $
      const n = Number(line);
      if (n < 0) return { value: null, next: after };
      if (b.length < after + n + 2) return INCOMPLETE;
      return { value: b.toString('utf8', after, after + n), next: after + n + 2 };
    }
    case 0x2a: { // *
      const n = Number(line);
      if (n < 0) return { value: null, next: after };
      const items: Reply[] = [];
      let p = after;
      for (let k = 0; k < n; k++) {
        const r = parseAt(b, p);
        if (r === INCOMPLETE) return INCOMPLETE;
        items.push(r.value);
        p = r.next;
      }
      return { value: items, next: p };
    }
    default:
      throw new Error(`malformed reply from Redis (type byte 0x${b[at].toString(16)}): is this a Redis server?`);
  }
}

/** Feed socket data in; get every reply that is complete so far. */
export function createReplyParser() {
  let buf: Buffer = Buffer.alloc(0);
  return {
    push(chunk: Buffer): Reply[] {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      const out: Reply[] = [];
      let at = 0;
      for (;;) {
        const r = parseAt(buf, at);
        if (r === INCOMPLETE) break;
        out.push(r.value);
        at = r.next;
      }
      buf = at >= buf.length ? Buffer.alloc(0) : buf.subarray(at);
      return out;
    },
    reset() {
      buf = Buffer.alloc(0);
    },
  };
}

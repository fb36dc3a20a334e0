// The workshop's transport in the browser: a WebSocket to /workshop/api/ws that reconnects by
// itself (the seat token in the link resumes the seat), falling back to server-sent events plus
// POST when WebSockets do not get through (some venue proxies), or when ?transport=sse asks.
// Every message in is checked against the shared schema (api/workshop/messages.ts).
// The token never goes into a URL: the WebSocket sends it as its first message ({type:'auth'}),
// the event stream opens with a single-use ticket fetched by POST with the token in a header,
// and POSTs carry it in X-Workshop-Token.
import { Check } from 'typebox/schema';
import { ServerMessage, type ClientMessage, type FacilitatorView, type ParticipantView } from '../../api/workshop/messages.ts';

declare global {
  /** What the page shows, for tests and the curious (read-only). */
  interface Window { workshop: { view: ParticipantView | FacilitatorView | null; errors: string[]; link: LinkState; mode: string } }
}

export type LinkState = 'connecting' | 'online' | 'offline';

export class Connection {
  private ws: WebSocket | null = null;
  private es: EventSource | null = null;
  private mode: 'ws' | 'sse';
  private failedOpens = 0;
  private retry = 0;
  private closed = false;

  constructor(
    private readonly token: string,
    private readonly onMessage: (m: ServerMessage) => void,
    private readonly onLink: (s: LinkState, mode: 'ws' | 'sse') => void,
  ) {
    this.mode = new URLSearchParams(location.search).get('transport') === 'sse' || typeof WebSocket === 'undefined' ? 'sse' : 'ws';
    this.open();
  }

  private deliver(text: string): void {
    let m: unknown;
    try {
      m = JSON.parse(text);
    } catch {
      return;
    }
    if (Check(ServerMessage, m)) this.onMessage(m);
    else console.warn('workshop: a message that does not fit the schema was ignored');
  }

  private later(): void {
    this.retry = Math.min(5, this.retry + 1);
    setTimeout(() => this.open(), 500 * this.retry);
  }

  /** The event stream, opened with a fresh single-use ticket (each reconnection needs a new one). */
  private async openEvents(): Promise<void> {
    let ticket: string | undefined;
    try {
      const res = await fetch('/workshop/api/tickets', { method: 'POST', headers: { 'content-type': 'application/json', 'x-workshop-token': this.token }, body: '{}' });
      const body = (await res.json()) as { ticket?: string; error?: { code: string; message: string } };
      if (res.status === 401) {
        this.deliver(JSON.stringify({ type: 'error', code: body.error?.code ?? 'bad_token', message: body.error?.message ?? 'bad token' }));
        this.onLink('offline', 'sse');
        return;
      }
      ticket = body.ticket;
    } catch {
      ticket = undefined;
    }
    if (!ticket || this.closed) {
      this.onLink('connecting', 'sse');
      this.later();
      return;
    }
    const es = new EventSource(`/workshop/api/events?ticket=${encodeURIComponent(ticket)}`);
    this.es = es;
    es.onopen = () => {
      this.retry = 0;
      this.onLink('online', 'sse');
    };
    es.onmessage = (e) => this.deliver(String(e.data));
    es.onerror = () => {
      // The ticket is spent: do not let EventSource retry with it; open again with a new one.
      es.close();
      if (this.es === es) this.es = null;
      if (this.closed) return;
      this.onLink('connecting', 'sse');
      this.later();
    };
  }

  private open(): void {
    if (this.closed) return;
    this.onLink('connecting', this.mode);
    if (this.mode === 'sse') {
      void this.openEvents();
      return;
    }
    const proto = location.protocol === 'https:' ? 'wss' : 'ws';
    const ws = new WebSocket(`${proto}://${location.host}/workshop/api/ws`);
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      ws.send(JSON.stringify({ type: 'auth', token: this.token }));
      opened = true;
      this.failedOpens = 0;
      this.retry = 0;
      this.onLink('online', 'ws');
    };
    ws.onmessage = (e) => this.deliver(String(e.data));
    ws.onclose = (e) => {
      this.ws = null;
      if (this.closed) return;
      if (e.code === 4401) {
        this.onLink('offline', 'ws');
        return;
      }
      if (!opened && ++this.failedOpens >= 2) this.mode = 'sse';
      this.onLink('connecting', this.mode);
      this.later();
    };
  }

  /** Send a message; over SSE it goes by POST and the reply comes back here. */
  send(m: ClientMessage): void {
    if (this.mode === 'ws' && this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify(m));
      return;
    }
    void fetch('/workshop/api/messages', { method: 'POST', headers: { 'content-type': 'application/json', 'x-workshop-token': this.token }, body: JSON.stringify(m) })
      .then(async (res) => {
        const body = (await res.json()) as { message?: unknown };
        if (body.message) this.deliver(JSON.stringify(body.message));
      })
      .catch(() => this.onLink('connecting', this.mode));
  }

  close(): void {
    this.closed = true;
    this.ws?.close();
    this.es?.close();
  }
}

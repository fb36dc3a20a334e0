// comlink's Endpoint over a Node MessagePort or Worker (the `on`/`off` event style instead of
// the browser's addEventListener). comlink ships an adapter like this only under a private file
// path (not in its package exports), so the few lines live here instead.
import type { Endpoint } from 'comlink';

export interface NodeMessageTarget {
  postMessage(message: unknown, transfer?: readonly any[]): void;
  on(type: 'message', listener: (data: unknown) => void): unknown;
  off(type: 'message', listener: (data: unknown) => void): unknown;
  start?: () => void;
}

type Handler = EventListenerOrEventListenerObject;

export function nodeEndpoint(target: NodeMessageTarget): Endpoint {
  const listeners = new WeakMap<Handler, (data: unknown) => void>();
  return {
    postMessage: (message: any, transfer?: Transferable[]) => target.postMessage(message, transfer as any[] | undefined),
    addEventListener: (_type: string, handler: Handler) => {
      const l = (data: unknown) => {
        const event = { data } as MessageEvent;
        if (typeof handler === 'function') handler(event);
        else handler.handleEvent(event);
      };
      target.on('message', l);
      listeners.set(handler, l);
    },
    removeEventListener: (_type: string, handler: Handler) => {
      const l = listeners.get(handler);
      if (!l) return;
      target.off('message', l);
      listeners.delete(handler);
    },
    start: target.start?.bind(target),
  };
}

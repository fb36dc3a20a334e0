// Export: the run as JSON with its manifest, each chart as SVG or PNG (the series CSV is
// sim/csv.ts's, the one writer of CLI, API and sandbox). The text builders are pure (tested in
// Node); the download and rasterising parts need a browser.

/** Typed arrays to plain arrays, NaN to null (JSON has no NaN). */
export function jsonSeries(values: Record<string, ArrayLike<number>>, days: number): Record<string, (number | null)[]> {
  const out: Record<string, (number | null)[]> = {};
  for (const [n, a] of Object.entries(values)) out[n] = Array.from({ length: days }, (_, i) => (Number.isFinite(a[i]) ? a[i] : null));
  return out;
}

export function jsonNumbers(r: Record<string, number>): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(r)) out[k] = Number.isFinite(v) ? v : null;
  return out;
}

export function download(name: string, data: Blob): void {
  const url = URL.createObjectURL(data);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const SVG_STYLE = `text{font-family:system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;font-size:12px;fill:#222}`;

/** The page sets where exported charts get their caption (scenario, seed, engine); empty by default. */
export const exportCaption = { get: (): string => '' };

/** A title above and caption lines below an exported chart. */
export interface ExportHead { title: string; caption: string }

/** A standalone copy of a chart's SVG (white background, fonts, explicit size), with its title and caption when given. */
export function svgText(svg: SVGSVGElement, head?: ExportHead): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const box = svg.viewBox.baseVal;
  const w = box && box.width ? box.width : svg.clientWidth;
  let h = box && box.height ? box.height : svg.clientHeight;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  if (head) {
    const lines = head.caption.split('\n').filter(Boolean);
    const top = 28;
    const bottom = 8 + 16 * lines.length;
    copy.setAttribute('viewBox', `0 ${-top} ${w} ${h + top + bottom}`);
    const ns = 'http://www.w3.org/2000/svg';
    const title = document.createElementNS(ns, 'text');
    title.setAttribute('x', '8');
    title.setAttribute('y', String(-top + 19));
    title.setAttribute('font-size', '16');
    title.setAttribute('font-weight', '700');
    title.setAttribute('class', 'export-title');
    title.textContent = head.title;
    copy.append(title);
    lines.forEach((line, i) => {
      const c = document.createElementNS(ns, 'text');
      c.setAttribute('x', '8');
      c.setAttribute('y', String(h + 16 + 16 * i));
      c.setAttribute('font-size', '11');
      c.setAttribute('class', 'export-caption');
      c.textContent = line;
      copy.append(c);
    });
    h += top + bottom;
    copy.setAttribute('data-height', String(h));
  }
  copy.setAttribute('width', String(w));
  copy.setAttribute('height', String(h));
  const style = document.createElementNS('http://www.w3.org/2000/svg', 'style');
  style.textContent = SVG_STYLE;
  const bg = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  bg.setAttribute('x', '0');
  bg.setAttribute('y', head ? '-28' : '0');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', '#fff');
  copy.insertBefore(bg, copy.firstChild);
  copy.insertBefore(style, copy.firstChild);
  return new XMLSerializer().serializeToString(copy);
}

export function exportSvg(svg: SVGSVGElement, name: string, title?: string): void {
  const head = title ? { title, caption: exportCaption.get() } : undefined;
  download(`${name}.svg`, new Blob([svgText(svg, head)], { type: 'image/svg+xml' }));
}

/** Rasterise a chart at twice its size (sharp on projectors and in slides). */
export async function exportPng(svg: SVGSVGElement, name: string, title?: string): Promise<void> {
  const head = title ? { title, caption: exportCaption.get() } : undefined;
  const text = svgText(svg, head);
  const box = svg.viewBox.baseVal;
  const w = box && box.width ? box.width : svg.clientWidth;
  const h = Number(/data-height="([\d.]+)"/.exec(text)?.[1] ?? (box && box.height ? box.height : svg.clientHeight));
  const scale = 2;
  const img = new Image();
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('could not rasterise the chart'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(w * scale);
    canvas.height = Math.round(h * scale);
    const ctx = canvas.getContext('2d')!;
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, w, h);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('could not encode the PNG');
    download(`${name}.png`, blob);
  } finally {
    URL.revokeObjectURL(url);
  }
}

import { useState, type FocusEvent, type MouseEvent } from 'react';

/**
 * A server-rendered choropleth: every area a link to its page, named with its value, so the map
 * works without JavaScript and with a screen reader. With JavaScript, hovering or focusing an
 * area shows the same text in a small tooltip. Fills come from CSS classes (c0–c4, palette order,
 * see app/indicators/choropleth.ts) so the SVG stays small; areas without a value are hatched.
 */
export interface MapArea {
  code: string;
  d: string;
  /** Palette index 0 (lightest) … 4 (darkest), or -1: no value. */
  tone: number;
  /** Accessible name and tooltip, e.g. "Malmö: 73,1 %". */
  label: string;
  href: string;
}

export interface LegendEntry {
  tone: number;
  label: string;
}

export interface ChoroplethMapProps {
  id: string;
  title: string;
  width: number;
  height: number;
  areas: MapArea[];
  legendTitle: string;
  legend: LegendEntry[];
  /** Words for the direction, e.g. "Mörkare = sämre läge". */
  legendNote?: string;
  className?: string;
}

export function ChoroplethMap(p: ChoroplethMapProps) {
  const [tip, setTip] = useState<{ text: string; x: number; y: number } | null>(null);
  const show = (e: MouseEvent<SVGSVGElement> | FocusEvent<SVGSVGElement>) => {
    const link = (e.target as Element).closest?.('a');
    const figure = (e.currentTarget as Element).closest('figure');
    if (!link || !figure) return setTip(null);
    const box = figure.getBoundingClientRect();
    const r = link.getBoundingClientRect();
    setTip({ text: link.getAttribute('aria-label') ?? '', x: r.left + r.width / 2 - box.left, y: r.top - box.top });
  };
  return (
    <figure className={`map ${p.className ?? ''}`} aria-labelledby={`${p.id}-title`}>
      <figcaption id={`${p.id}-title`} className="map__title">
        {p.title}
      </figcaption>
      <div className="map__body">
        <svg viewBox={`0 0 ${p.width} ${p.height}`} className="map__svg" onMouseOver={show} onFocus={show} onMouseLeave={() => setTip(null)} onBlur={() => setTip(null)}>
          <defs>
            <pattern id={`${p.id}-hatch`} width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width="4" height="4" fill="#f2f2f2" />
              <line x1="0" y1="0" x2="0" y2="4" stroke="#8a8a8a" strokeWidth="1.2" />
            </pattern>
          </defs>
          {p.areas.map((a) => (
            <a key={a.code} href={a.href} aria-label={a.label}>
              <title>{a.label}</title>
              <path className={a.tone < 0 ? 'cn' : `c${a.tone}`} d={a.d} {...(a.tone < 0 ? { fill: `url(#${p.id}-hatch)` } : {})} />
            </a>
          ))}
        </svg>
        {tip ? (
          <div className="map__tip" role="presentation" style={{ left: tip.x, top: tip.y }}>
            {tip.text}
          </div>
        ) : null}
      </div>
      <div className="map__legend">
        <p className="map__legend-title">{p.legendTitle}</p>
        <ul>
          {p.legend.map((l) => (
            <li key={`${l.tone}-${l.label}`}>
              <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false" className="map__swatch">
                <rect width="16" height="16" className={l.tone < 0 ? 'cn' : `c${l.tone}`} {...(l.tone < 0 ? { fill: `url(#${p.id}-hatch)` } : {})} />
              </svg>
              {l.label}
            </li>
          ))}
        </ul>
        {p.legendNote ? <p className="meta">{p.legendNote}</p> : null}
      </div>
    </figure>
  );
}

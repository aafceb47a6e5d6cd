import type { CSSProperties } from 'react';

/**
 * Small SVG charts of our own (no chart library): bars per day, a line per month. Each is a
 * role="img" with an aria-label that reads its values, and a table of the same values for screen
 * readers (visually hidden); values are written at the points, so nothing is told by colour only.
 */

export interface ChartProps {
  /** The chart's name (its caption and the start of its aria-label). */
  title: string;
  /** One label per value (a day, a month). */
  labels: string[];
  /** null: nothing to show for that label (a rate with no denominator). */
  values: (number | null)[];
  /** How a value is written (its label and the table). */
  format?: (v: number) => string;
  /** The header of the values' column in the hidden table. */
  valueName?: string;
  testid?: string;
  width?: number;
  height?: number;
}

const HIDDEN: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: 'hidden',
  clip: 'rect(0,0,0,0)',
  whiteSpace: 'nowrap',
  border: 0,
};
const INK = '#434343';
const GRID = '#d9d9d9';
const BAR = '#1677ff';
const LINE = '#531dab';
const PAD = { left: 44, right: 12, top: 18, bottom: 34 };

/** A round top for the axis: 1, 2, 5 × 10^n at or above max. */
function niceMax(max: number): number {
  if (max <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

const plain = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));

function describe(title: string, labels: string[], values: (number | null)[], format: (v: number) => string) {
  return `${title}: ${labels.map((l, i) => `${l} ${values[i] === null ? '—' : format(values[i]!)}`).join('; ')}`;
}

function Fallback({
  title,
  labels,
  values,
  format,
  valueName,
}: Required<Pick<ChartProps, 'title' | 'labels' | 'values' | 'format'>> & { valueName?: string }) {
  return (
    <table style={HIDDEN}>
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">{title}</th>
          <th scope="col">{valueName ?? title}</th>
        </tr>
      </thead>
      <tbody>
        {labels.map((l, i) => (
          <tr key={l}>
            <th scope="row">{l}</th>
            <td>{values[i] === null ? '—' : format(values[i]!)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The y axis: 0, half and the top, with grid lines. */
function YAxis({ top, inner, w, format }: { top: number; inner: number; w: number; format: (v: number) => string }) {
  return (
    <g>
      {[0, top / 2, top].map((v) => {
        const y = PAD.top + inner - (v / top) * inner;
        return (
          <g key={v}>
            <line x1={PAD.left} x2={w - PAD.right} y1={y} y2={y} stroke={GRID} strokeDasharray={v === 0 ? undefined : '3 3'} />
            <text x={PAD.left - 4} y={y + 4} textAnchor="end" fontSize={10} fill={INK}>
              {format(v)}
            </text>
          </g>
        );
      })}
    </g>
  );
}

/** Which x labels are written (all when few; else about 10, the first and last always). */
function shownLabel(i: number, n: number): boolean {
  const step = Math.ceil(n / 10);
  return n <= 12 || i === 0 || i === n - 1 || (i % step === 0 && n - 1 - i >= step / 2);
}

/** Bars, one per label (a day's count). */
export function BarChart({ title, labels, values, format = plain, valueName, testid, width = 720, height = 200 }: ChartProps) {
  const n = labels.length;
  const top = niceMax(Math.max(0, ...values.map((v) => v ?? 0)));
  const inner = height - PAD.top - PAD.bottom;
  const slot = (width - PAD.left - PAD.right) / Math.max(1, n);
  const barW = Math.max(2, slot * 0.7);
  const axis = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));
  return (
    <figure data-testid={testid} style={{ margin: 0, position: 'relative' }}>
      <figcaption style={{ fontWeight: 600, color: INK }}>{title}</figcaption>
      <svg
        role="img"
        aria-label={describe(title, labels, values, format)}
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        style={{ maxWidth: width }}
      >
        <YAxis top={top} inner={inner} w={width} format={axis} />
        {labels.map((l, i) => {
          const v = values[i] ?? 0;
          const h = (v / top) * inner;
          const x = PAD.left + i * slot + (slot - barW) / 2;
          return (
            <g key={l}>
              <rect
                data-testid="chart-bar"
                data-label={l}
                data-value={values[i] ?? ''}
                x={x}
                y={PAD.top + inner - h}
                width={barW}
                height={h}
                fill={BAR}
              >
                <title>{`${l}: ${format(v)}`}</title>
              </rect>
              {n <= 16 && v > 0 && (
                <text x={x + barW / 2} y={PAD.top + inner - h - 3} textAnchor="middle" fontSize={10} fill={INK}>
                  {format(v)}
                </text>
              )}
              {shownLabel(i, n) && (
                <text data-testid="chart-xlabel" x={x + barW / 2} y={height - PAD.bottom + 14} textAnchor="middle" fontSize={10} fill={INK}>
                  {n > 12 ? l.slice(5) : l}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <Fallback title={title} labels={labels} values={values} format={format} valueName={valueName} />
    </figure>
  );
}

/** A line through the values (a month's rate), each point marked and written; gaps where a value is null. */
export function LineChart({ title, labels, values, format = plain, valueName, testid, width = 340, height = 170 }: ChartProps) {
  const n = labels.length;
  const top = niceMax(Math.max(0, ...values.map((v) => v ?? 0)));
  const inner = height - PAD.top - PAD.bottom;
  const slot = (width - PAD.left - PAD.right) / Math.max(1, n);
  const xy = (i: number, v: number) => [PAD.left + slot * (i + 0.5), PAD.top + inner - (v / top) * inner] as const;
  // Runs of consecutive values (a null breaks the line).
  const runs: [number, number][][] = [];
  values.forEach((v, i) => {
    if (v === null) return;
    if (i === 0 || values[i - 1] === null) runs.push([]);
    runs.at(-1)!.push(xy(i, v) as [number, number]);
  });
  return (
    <figure data-testid={testid} style={{ margin: 0, position: 'relative' }}>
      <figcaption style={{ fontWeight: 600, color: INK }}>{title}</figcaption>
      <svg
        role="img"
        aria-label={describe(title, labels, values, format)}
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        style={{ maxWidth: width }}
      >
        <YAxis top={top} inner={inner} w={width} format={format} />
        {runs.map((r, k) => (
          <polyline key={k} points={r.map(([x, y]) => `${x},${y}`).join(' ')} fill="none" stroke={LINE} strokeWidth={2} />
        ))}
        {labels.map((l, i) => {
          const v = values[i];
          const [x, y] = xy(i, v ?? 0);
          return (
            <g key={l}>
              {v !== null && (
                <>
                  <circle data-testid="chart-point" data-label={l} data-value={v} cx={x} cy={y} r={3.5} fill={LINE}>
                    <title>{`${l}: ${format(v)}`}</title>
                  </circle>
                  {n <= 12 && (
                    <text x={x} y={y - 6} textAnchor="middle" fontSize={9} fill={INK}>
                      {format(v)}
                    </text>
                  )}
                </>
              )}
              {shownLabel(i, n) && (
                <text data-testid="chart-xlabel" x={x} y={height - PAD.bottom + 14} textAnchor="middle" fontSize={9} fill={INK}>
                  {n > 4 ? l.slice(2) : l}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <Fallback title={title} labels={labels} values={values} format={format} valueName={valueName} />
    </figure>
  );
}

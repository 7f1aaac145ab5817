import uPlot from 'uplot';
import { h } from './dom.ts';
import { themeColor } from './theme.ts';
import { fitLabel, shownYears } from './chart-labels.ts';

/** A series for `barChart`/`lineChart`: its label, colour variable, and values (null: no data, drawn as a gap). */
export interface ChartSeries {
  label: string;
  color: string;
  values: (number | null)[];
  /** Bars side by side: -1 left of the tick, 1 right, 0 centred. */
  align?: -1 | 0 | 1;
  /** Points only (e.g. marks over the bars), no bar or line. */
  pointsOnly?: boolean;
}

const charts = new Set<uPlot>();
let firstChartMarked = false;

function axis(labels: string[]): uPlot.Axis[] {
  const fg = themeColor('fg');
  const grid = themeColor('grid');
  return [
    {
      stroke: fg,
      grid: { show: false },
      ticks: { stroke: grid },
      incrs: [1, 2, 3, 4, 6],
      space: 34,
      // Each label shown is cut to the width uPlot gives it (every `step`-th category is labelled), so element names
      // on a phone do not run into each other; months keep their labels.
      values: (u, splits) => {
        const ints = splits.filter((i) => Number.isInteger(i));
        const step = ints.length > 1 ? ints[1]! - ints[0]! : 1;
        const px = (u.width / Math.max(1, labels.length)) * step;
        const shown = shownYears(ints.map((i) => labels[i] ?? ''));
        return splits.map((i) => (Number.isInteger(i) ? fitLabel(shown[ints.indexOf(i)] ?? '', px) : ''));
      },
    },
    { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, size: 44 },
  ];
}

/**
 * A chart over categories (months, elements) drawn by uPlot into `container`, sized to it and redrawn when it
 * resizes. Wrapped as an image with a text summary for screen readers; the page shows the numbers as a table too.
 */
export function categoryChart(
  container: HTMLElement,
  kind: 'bars' | 'line',
  labels: string[],
  series: ChartSeries[],
  summary: string,
): void {
  const box = h('div', { className: 'chart', role: 'img', 'aria-label': summary });
  container.append(box);
  const width = () => Math.max(260, Math.floor(box.getBoundingClientRect().width || container.clientWidth || 300));
  const bars = uPlot.paths.bars!;
  const n = labels.length;
  const opts: uPlot.Options = {
    width: width(),
    height: 220,
    legend: { show: true, live: false },
    cursor: { show: false },
    scales: {
      x: { time: false, range: () => [-0.5, n - 0.5] },
      y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.15)] },
    },
    axes: axis(labels),
    series: [
      {},
      ...series.map((s): uPlot.Series => {
        const color = themeColor(s.color);
        if (s.pointsOnly)
          return {
            label: s.label,
            stroke: color,
            fill: color,
            paths: () => null,
            points: { show: true, size: 9, fill: color },
          };
        if (kind === 'bars')
          return {
            label: s.label,
            stroke: color,
            fill: color,
            width: 0,
            paths: bars({
              size: [series.filter((x) => !x.pointsOnly).length > 1 ? 0.4 : 0.6, 48],
              align: s.align ?? 0,
            }),
            points: { show: false },
          };
        return {
          label: s.label,
          stroke: color,
          width: 2,
          spanGaps: false,
          points: { show: true, size: 6, fill: color },
        };
      }),
    ],
  };
  const data: uPlot.AlignedData = [labels.map((_, i) => i), ...series.map((s) => s.values)];
  const chart = new uPlot(opts, data, box);
  charts.add(chart);
  new ResizeObserver(() => chart.setSize({ width: width(), height: 220 })).observe(box);
  if (!firstChartMarked) {
    firstChartMarked = true;
    performance.mark('pulse-first-chart');
  }
}

/** Removes every chart (before a view is drawn again, e.g. on a theme change). */
export function destroyCharts(): void {
  for (const c of charts) c.destroy();
  charts.clear();
}

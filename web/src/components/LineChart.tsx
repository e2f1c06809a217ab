/**
 * A line chart of named series over dates (TradingView Lightweight Charts, its attribution logo
 * kept), with what a screen reader or a test needs beside the canvas: the figure's title, a one-line
 * summary, a legend giving each line's last value, and the number of lines in `data-series-count`.
 */
import { ColorType, createChart, LineSeries, LineStyle, type IChartApi } from 'lightweight-charts';
import { useEffect, useId, useRef } from 'react';
import type { NamedSeries } from '../lib/series.js';

const MODEL_COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#be185d', '#65a30d'];
const BENCHMARK_COLOR = '#6b7280';

export function seriesColor(series: NamedSeries, index: number): string {
  return series.benchmark ? BENCHMARK_COLOR : (MODEL_COLORS[index % MODEL_COLORS.length] as string);
}

export interface LineChartProps {
  title: string;
  /** What the lines mean, shown under the title. */
  description: string;
  series: NamedSeries[];
  /** The legend's text for one line, e.g. its last value. */
  legendText: (series: NamedSeries) => string;
  /** One sentence for assistive technology: what the chart shows at a glance. */
  summary: string;
  valueFormatter: (value: number) => string;
  testId: string;
}

export function LineChart({
  title,
  description,
  series,
  legendText,
  summary,
  valueFormatter,
  testId,
}: LineChartProps) {
  const titleId = useId();
  const summaryId = useId();
  const canvasRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const container = canvasRef.current;
    if (container === null) return;
    const chart: IChartApi = createChart(container, {
      autoSize: true,
      layout: {
        background: { type: ColorType.Solid, color: 'transparent' },
        textColor: '#374151',
        fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
        attributionLogo: true,
      },
      grid: { vertLines: { color: '#f3f4f6' }, horzLines: { color: '#f3f4f6' } },
      rightPriceScale: { borderVisible: false },
      timeScale: { borderVisible: false },
      localization: { priceFormatter: valueFormatter },
      handleScroll: { mouseWheel: false, pressedMouseMove: true },
      handleScale: { mouseWheel: false },
    });
    series.forEach((line, index) => {
      const drawn = chart.addSeries(LineSeries, {
        color: seriesColor(line, index),
        lineWidth: 2,
        lineStyle: line.benchmark ? LineStyle.Dashed : LineStyle.Solid,
        title: line.name,
        priceLineVisible: false,
        lastValueVisible: true,
        pointMarkersVisible: line.points.length < 3,
      });
      drawn.setData(line.points);
    });
    chart.timeScale().fitContent();
    return () => chart.remove();
  }, [series, valueFormatter]);

  return (
    <figure
      className="chart"
      data-testid={testId}
      data-series-count={series.length}
      aria-labelledby={titleId}
      aria-describedby={summaryId}
    >
      <figcaption>
        <h3 id={titleId}>{title}</h3>
        <p className="muted">{description}</p>
      </figcaption>
      <p id={summaryId} className="visually-hidden">
        {summary}
      </p>
      <div ref={canvasRef} className="chart-canvas" />
      <ul className="legend" aria-label={`${title}: lines`}>
        {series.map((line, index) => (
          <li key={line.name} data-series={line.name}>
            <span
              className={line.benchmark ? 'swatch swatch-dashed' : 'swatch'}
              style={{ borderColor: seriesColor(line, index) }}
              aria-hidden="true"
            />
            <span className="legend-name">{line.benchmark ? `${line.name} (benchmark)` : line.name}</span>{' '}
            <span className="legend-value">{legendText(line)}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}

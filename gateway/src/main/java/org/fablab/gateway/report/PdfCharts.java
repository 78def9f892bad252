package org.fablab.gateway.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.DoubleFunction;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.fablab.gateway.pdf.PdfPages;

/**
 * The report's charts as PDF vector drawings: lines, bars and a heatmap, laid out on {@link PdfPages} at its current
 * position. Values are plain numbers already in the unit shown; a missing point ({@code null}) leaves a gap.
 */
final class PdfCharts {
    /** Series colours (RGB 0..1): blue, orange, grey, distinguishable in grey-scale print too. */
    static final float[][] PALETTE = {{0.16f, 0.38f, 0.67f}, {0.91f, 0.49f, 0.13f}, {0.62f, 0.62f, 0.62f}};
    /** Points {@link #lines} takes, legend included. */
    static final float LINES_HEIGHT = 200;
    private static final float CELL_HEIGHT = 13;
    /** Points {@link #heatmap} takes for seven rows, legend included. */
    static final float HEATMAP_HEIGHT = 14 + 7 * CELL_HEIGHT + 34;
    private static final float SMALL = 7.5f;
    /** The heatmap's grid lines, showing between cells so that empty hours still read as cells. */
    private static final float[] GRID = {0.85f, 0.85f, 0.85f};
    private static final float AXIS_GAP = 34;

    private final PdfPages pages;

    PdfCharts(PdfPages pages) {
        this.pages = pages;
    }

    /** One named series of values, one per category; {@code null} is no value. */
    record Series(String name, List<Double> values, DoubleFunction<String> tick) {
    }

    /**
     * Two series over the same categories, the first read on the left axis and the second on the right one.
     */
    void lines(List<String> categories, Series left, Series right) {
        float height = LINES_HEIGHT - 30;
        pages.ensure(LINES_HEIGHT);
        legend(List.of(left.name(), right.name()));
        float top = pages.y() - 6;
        float bottom = top - height + 28;
        float x0 = pages.left() + AXIS_GAP;
        float x1 = pages.left() + pages.width() - AXIS_GAP;
        double leftMax = niceMax(max(left.values()));
        double rightMax = niceMax(max(right.values()));
        grid(x0, x1, bottom, top, leftMax, rightMax, left.tick(), right.tick());
        float step = categories.size() > 1 ? (x1 - x0 - 20) / (categories.size() - 1) : 0;
        float start = categories.size() > 1 ? x0 + 10 : (x0 + x1) / 2;
        int every = Math.max(1, (int) Math.ceil(categories.size() / 12.0));
        for (int i = 0; i < categories.size(); i += every) {
            String label = categories.get(i);
            float x = start + i * step;
            pages.text(label, x - pages.textWidth(label, SMALL, false) / 2, bottom - 11, SMALL, false);
        }
        polyline(left.values(), leftMax, start, step, bottom, top, PALETTE[0]);
        polyline(right.values(), rightMax, start, step, bottom, top, PALETTE[1]);
        pages.down(height);
    }

    /**
     * Horizontal bars, one group per category and one bar per series, each labelled with its value; a category per
     * row so that a long list goes on over the next page.
     */
    void bars(List<String> categories, List<Series> series, DoubleFunction<String> label) {
        double max = niceMax(series.stream().mapToDouble(s -> max(s.values())).max().orElse(0));
        float bar = 9;
        float gap = 5;
        float labelWidth = pages.width() * 0.3f;
        float x0 = pages.left() + labelWidth;
        float span = pages.width() - labelWidth - 60;
        if (series.size() > 1) {
            pages.ensure(30);
            legend(series.stream().map(Series::name).toList());
        }
        for (int c = 0; c < categories.size(); c++) {
            float groupHeight = series.size() * bar + gap;
            pages.ensure(groupHeight);
            float top = pages.y() - 2;
            String name = pages.fit(categories.get(c), labelWidth - 8, 8, false);
            pages.text(name, pages.left(), top - series.size() * bar / 2 - 3, 8, false);
            for (int s = 0; s < series.size(); s++) {
                Double value = series.get(s).values().get(c);
                float y = top - (s + 1) * bar;
                double v = value == null ? 0 : value;
                float length = max == 0 ? 0 : (float) (span * v / max);
                fillRect(x0, y + 1, Math.max(length, 0.5f), bar - 2, PALETTE[s % PALETTE.length]);
                String text = value == null ? "–" : label.apply(v);
                pages.text(text, x0 + length + 3, y + 2.5f, SMALL, false);
            }
            pages.down(groupHeight);
        }
        pages.down(6);
    }

    /**
     * A weekday × hour grid shaded from white (0) to the series colour (the largest cell), with a legend of five
     * steps.
     *
     * @param rows     row labels, top to bottom
     * @param values   values[row][hour], 24 hours from 0
     * @param valueTag how the legend writes a value
     */
    void heatmap(List<String> rows, double[][] values, DoubleFunction<String> valueTag) {
        float labelWidth = 66;
        float cell = (pages.width() - labelWidth) / 24;
        float cellHeight = CELL_HEIGHT;
        float height = 14 + rows.size() * cellHeight + 34;
        pages.ensure(height);
        double max = 0;
        for (double[] row : values) {
            for (double v : row) {
                max = Math.max(max, v);
            }
        }
        float top = pages.y() - 12;
        float x0 = pages.left() + labelWidth;
        for (int h = 0; h < 24; h += 2) {
            String tag = Integer.toString(h);
            pages.text(tag, x0 + h * cell + (cell - pages.textWidth(tag, SMALL, false)) / 2, top + 2, SMALL, false);
        }
        fillRect(x0 - 1, top - rows.size() * cellHeight - 1, 24 * cell + 1, rows.size() * cellHeight + 1, GRID);
        for (int r = 0; r < rows.size(); r++) {
            float y = top - (r + 1) * cellHeight;
            pages.text(pages.fit(rows.get(r), labelWidth - 6, 8, false), pages.left(), y + 3.5f, 8, false);
            for (int h = 0; h < 24; h++) {
                fillRect(x0 + h * cell, y, cell - 1, cellHeight - 1, shade(max == 0 ? 0 : values[r][h] / max));
            }
        }
        float legendY = top - rows.size() * cellHeight - 20;
        float swatch = 34;
        for (int i = 0; i <= 4; i++) {
            float x = x0 + i * (swatch + 34);
            fillRect(x, legendY, swatch, 9, shade(i / 4.0));
            stroke(x, legendY, swatch, 9);
            pages.text(valueTag.apply(max * i / 4), x + swatch + 3, legendY + 1.5f, SMALL, false);
        }
        pages.down(height);
    }

    private void legend(List<String> names) {
        float x = pages.left();
        float baseline = pages.y() - 10;
        for (int i = 0; i < names.size(); i++) {
            fillRect(x, baseline, 10, 7, PALETTE[i % PALETTE.length]);
            pages.text(names.get(i), x + 14, baseline, 8, false);
            x += 24 + pages.textWidth(names.get(i), 8, false);
        }
        pages.down(16);
    }

    private void grid(float x0, float x1, float bottom, float top, double leftMax, double rightMax,
                      DoubleFunction<String> leftTick, DoubleFunction<String> rightTick) {
        PDPageContentStream canvas = pages.canvas();
        try {
            canvas.setLineWidth(0.4f);
            canvas.setStrokingColor(0.8f, 0.8f, 0.8f);
            for (int i = 0; i <= 4; i++) {
                float y = bottom + (top - bottom) * i / 4;
                canvas.moveTo(x0, y);
                canvas.lineTo(x1, y);
                canvas.stroke();
                String l = leftTick.apply(leftMax * i / 4);
                pages.textRight(l, x0 - 3, y - 2.5f, SMALL, false);
                pages.text(rightTick.apply(rightMax * i / 4), x1 + 3, y - 2.5f, SMALL, false);
            }
            canvas.setStrokingColor(0f, 0f, 0f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void polyline(List<Double> values, double max, float start, float step, float bottom, float top,
                          float[] colour) {
        PDPageContentStream canvas = pages.canvas();
        try {
            canvas.setStrokingColor(colour[0], colour[1], colour[2]);
            canvas.setLineWidth(1.6f);
            boolean drawing = false;
            for (int i = 0; i < values.size(); i++) {
                Double v = values.get(i);
                if (v == null) {
                    drawing = false;
                    continue;
                }
                float x = start + i * step;
                float y = bottom + (float) (max == 0 ? 0 : (top - bottom) * v / max);
                if (drawing) {
                    canvas.lineTo(x, y);
                } else {
                    canvas.moveTo(x, y);
                    drawing = true;
                }
            }
            canvas.stroke();
            for (int i = 0; i < values.size(); i++) {
                Double v = values.get(i);
                if (v != null) {
                    float y = bottom + (float) (max == 0 ? 0 : (top - bottom) * v / max);
                    fillRect(start + i * step - 2, y - 2, 4, 4, colour);
                }
            }
            canvas.setStrokingColor(0f, 0f, 0f);
            canvas.setLineWidth(1f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void fillRect(float x, float y, float w, float h, float[] colour) {
        PDPageContentStream canvas = pages.canvas();
        try {
            canvas.setNonStrokingColor(colour[0], colour[1], colour[2]);
            canvas.addRect(x, y, w, h);
            canvas.fill();
            canvas.setNonStrokingColor(0f, 0f, 0f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void stroke(float x, float y, float w, float h) {
        PDPageContentStream canvas = pages.canvas();
        try {
            canvas.setLineWidth(0.4f);
            canvas.setStrokingColor(0.6f, 0.6f, 0.6f);
            canvas.addRect(x, y, w, h);
            canvas.stroke();
            canvas.setStrokingColor(0f, 0f, 0f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** White at 0, the first palette colour at 1. */
    private static float[] shade(double fraction) {
        float f = (float) Math.max(0, Math.min(1, fraction));
        float[] full = PALETTE[0];
        return new float[] {1 - f * (1 - full[0]), 1 - f * (1 - full[1]), 1 - f * (1 - full[2])};
    }

    private static double max(List<Double> values) {
        return values.stream().filter(v -> v != null).mapToDouble(Double::doubleValue).max().orElse(0);
    }

    /** The smallest of 1, 2, 2.5 or 5 × 10^n that is at least {@code max}, so that quarter ticks read well. */
    static double niceMax(double max) {
        if (max <= 0) {
            return 0;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(max)));
        for (double f : new double[] {1, 2, 2.5, 5, 10}) {
            if (f * magnitude >= max) {
                return f * magnitude;
            }
        }
        return 10 * magnitude;
    }
}

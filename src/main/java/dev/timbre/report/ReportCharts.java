package dev.timbre.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The report's chart types, drawn with XChart and saved as PNG. Each builder takes plain numbers, so what a
 * chart shows is decided by the caller and the look is decided here, once.
 */
public final class ReportCharts {

    public static final int WIDTH = 900;
    public static final int HEIGHT = 420;
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    private static final Font AXIS = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font TICKS = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private ReportCharts() {
    }

    /**
     * Grouped bars: one group per category, one bar per series.
     *
     * @param series series name → one value per category (null: no bar)
     */
    public static CategoryChart bars(String title, String yTitle, List<String> categories,
                                     Map<String, List<Double>> series, double yMax) {
        CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yTitle)
                .build();
        style(c.getStyler());
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisMax(yMax);
        c.getStyler().setYAxisDecimalPattern("0.00");
        c.getStyler().setXAxisLabelRotation(categories.size() > 6 ? 30 : 0);
        c.getStyler().setLabelsVisible(categories.size() * series.size() <= 24);
        c.getStyler().setLabelsFontColor(Color.DARK_GRAY);
        c.getStyler().setLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        c.getStyler().setLabelsPosition(0.95);
        c.getStyler().setOverlapped(false);
        for (Map.Entry<String, List<Double>> e : series.entrySet()) {
            List<Double> values = e.getValue().stream().map(v -> v == null ? 0.0 : v).toList();
            c.addSeries(e.getKey(), categories, values);
        }
        return c;
    }

    /**
     * Lines over a shared or per-series x axis.
     *
     * @param series name → {x[], y[]}
     */
    public static XYChart lines(String title, String xTitle, String yTitle, Map<String, double[][]> series,
                                Double yMin, Double yMax, boolean markers) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        style(c.getStyler());
        c.getStyler().setLegendPosition(series.size() > 6 ? Styler.LegendPosition.OutsideE
                : Styler.LegendPosition.InsideNE);
        if (yMin != null) {
            c.getStyler().setYAxisMin(yMin);
        }
        if (yMax != null) {
            c.getStyler().setYAxisMax(yMax);
        }
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            XYSeries s = c.addSeries(e.getKey(), e.getValue()[0], e.getValue()[1]);
            s.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        }
        return c;
    }

    /**
     * A heat map such as a spectrogram or a confusion matrix.
     *
     * @param values {@code (x, y)} cell values
     */
    public static HeatMapChart heatMap(String title, String xTitle, String yTitle, List<?> xLabels, List<?> yLabels,
                                       double[][] values, boolean showValues) {
        HeatMapChart c = new HeatMapChartBuilder().width(WIDTH).height(showValues ? 560 : HEIGHT).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        style(c.getStyler());
        c.getStyler().setShowValue(showValues);
        c.getStyler().setLegendVisible(!showValues);
        c.getStyler().setPlotContentSize(1.0);
        c.getStyler().setRangeColors(new Color[]{new Color(0x0b0b3b), new Color(0x3b4cc0), new Color(0xdd8452),
                new Color(0xfff5b0)});
        if (!showValues) {
            c.getStyler().setXAxisTicksVisible(true);
            c.getStyler().setXAxisLabelRotation(0);
        }
        List<Number[]> cells = new java.util.ArrayList<>();
        for (int x = 0; x < values.length; x++) {
            for (int y = 0; y < values[x].length; y++) {
                cells.add(new Number[]{x, y, values[x][y]});
            }
        }
        c.addSeries(title, xLabels, yLabels, cells);
        return c;
    }

    public static byte[] png(Chart<?, ?> chart) throws IOException {
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    private static void style(Styler s) {
        s.setChartTitleFont(TITLE);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setLegendFont(TICKS);
        s.setLegendBorderColor(Color.LIGHT_GRAY);
        s.setAntiAlias(true);
        if (s instanceof org.knowm.xchart.style.AxesChartStyler a) {
            a.setAxisTitleFont(AXIS);
            a.setAxisTickLabelsFont(TICKS);
            a.setPlotGridLinesColor(new Color(0xe6e6e6));
        }
    }
}

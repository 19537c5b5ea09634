package io.positionpolicy.backtest;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The equity curves of the policy and the baseline as a self-contained SVG, the policy's drawdowns shaded between its
 * running peak and its equity. Written by hand: a static picture of two lines needs no charting library, and the
 * service must work without internet access.
 */
public final class EquityChart {
    private static final int WIDTH = 960;
    private static final int HEIGHT = 440;
    private static final int LEFT = 80;
    private static final int RIGHT = 20;
    private static final int TOP = 50;
    private static final int BOTTOM = 50;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private EquityChart() {
    }

    public static String svg(BacktestResult result) {
        List<EquityTracker.Point> policy = result.policy().metrics().equityCurve();
        List<EquityTracker.Point> baseline = result.baseline().metrics().equityCurve();
        long t0 = Math.min(first(policy).time(), first(baseline).time());
        long t1 = Math.max(last(policy).time(), last(baseline).time());
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (List<EquityTracker.Point> curve : List.of(policy, baseline)) {
            for (EquityTracker.Point p : curve) {
                low = Math.min(low, p.equity());
                high = Math.max(high, Math.max(p.equity(), p.peak()));
            }
        }
        NiceTicks ticks = NiceTicks.covering(low, high, 6);
        Scale scale = new Scale(t0, Math.max(t1, t0 + 1), ticks.low(), ticks.high());

        StringBuilder svg = new StringBuilder(64_000);
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
                LEFT, escape("Equity: policy vs baseline — " + result.source())));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"38\" fill=\"#555\">%s</text>%n", LEFT,
                escape("rule set " + shortVersion(result.rulesetVersion()) + ", " + result.candles() + " candles, "
                        + DAY.format(Instant.ofEpochMilli(t0)) + " to " + DAY.format(Instant.ofEpochMilli(t1)))));
        grid(svg, scale, ticks);
        // drawdown shading: between the running peak and the equity of the policy
        StringBuilder area = new StringBuilder();
        for (EquityTracker.Point p : policy) {
            area.append(point(scale, p.time(), p.peak()));
        }
        for (int i = policy.size() - 1; i >= 0; i--) {
            area.append(point(scale, policy.get(i).time(), policy.get(i).equity()));
        }
        svg.append("<polygon fill=\"#d62728\" fill-opacity=\"0.18\" stroke=\"none\" points=\"").append(area)
                .append("\"><title>policy drawdown</title></polygon>\n");
        double start = result.settings().initialEquity();
        if (start >= scale.low() && start <= scale.high()) {
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#666\" "
                    + "stroke-dasharray=\"4 4\"><title>initial equity</title></line>%n", LEFT, WIDTH - RIGHT,
                    scale.y(start), scale.y(start)));
        }
        line(svg, scale, baseline, "#ff7f0e", "baseline");
        line(svg, scale, policy, "#1f77b4", "policy");
        legend(svg, result);
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void grid(StringBuilder svg, Scale s, NiceTicks ticks) {
        int plotBottom = HEIGHT - BOTTOM;
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#999\"/>%n", LEFT, TOP, WIDTH - LEFT - RIGHT, plotBottom - TOP));
        for (double v : ticks.values()) { // on round values: 9,000 / 9,500 / 10,000, not 9,260 / 9,691
            double y = s.y(v);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text class=\"y-tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#333\">%s</text>%n", LEFT,
                    WIDTH - RIGHT, y, y, LEFT - 6, y + 4, ticks.label(v)));
        }
        for (int i = 0; i <= 5; i++) {
            long t = s.t0 + (s.t1 - s.t0) * i / 5;
            double x = s.x(t);
            String anchor = i == 0 ? "start" : i == 5 ? "end" : "middle";
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#eee\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"%s\" fill=\"#333\">%s</text>%n", x, x, TOP,
                    plotBottom, x, plotBottom + 18, anchor, DAY.format(Instant.ofEpochMilli(t))));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%d\" transform=\"rotate(-90 16 %d)\" "
                + "text-anchor=\"middle\" fill=\"#333\">equity (USDT)</text>%n", (TOP + plotBottom) / 2,
                (TOP + plotBottom) / 2));
    }

    private static void line(StringBuilder svg, Scale s, List<EquityTracker.Point> curve, String colour,
            String name) {
        StringBuilder points = new StringBuilder();
        for (EquityTracker.Point p : curve) {
            points.append(point(s, p.time(), p.equity()));
        }
        svg.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"1.6\" points=\"")
                .append(points).append("\"><title>").append(name).append("</title></polyline>\n");
    }

    private static void legend(StringBuilder svg, BacktestResult r) {
        int y = HEIGHT - 14;
        Object[][] rows = {{"#1f77b4", "policy", r.policy().metrics()}, {"#ff7f0e", "baseline", r.baseline().metrics()}};
        int x = LEFT;
        for (Object[] row : rows) {
            Metrics m = (Metrics) row[2];
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"4\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s: %+.1f %%, max DD %.1f %%, %d trades</text>%n", x, y - 4,
                    row[0], x + 20, y, row[1], 100 * m.totalReturn(), 100 * m.maxDrawdown(), m.trades()));
            x += 330;
        }
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"10\" fill=\"#d62728\" "
                + "fill-opacity=\"0.18\"/><text x=\"%d\" y=\"%d\">policy drawdown</text>%n", x, y - 9, x + 20, y));
    }

    private static String point(Scale s, long time, double value) {
        return String.format(Locale.ROOT, "%.1f,%.1f ", s.x(time), s.y(value));
    }

    private record Scale(long t0, long t1, double low, double high) {
        double x(long t) {
            return LEFT + (WIDTH - LEFT - RIGHT) * (double) (t - t0) / (t1 - t0);
        }

        double y(double v) {
            return HEIGHT - BOTTOM - (HEIGHT - BOTTOM - TOP) * (v - low) / (high - low);
        }
    }

    private static EquityTracker.Point first(List<EquityTracker.Point> curve) {
        return curve.get(0);
    }

    private static EquityTracker.Point last(List<EquityTracker.Point> curve) {
        return curve.get(curve.size() - 1);
    }

    private static String shortVersion(String version) {
        return version != null && version.length() > 19 ? version.substring(0, 19) + "…" : String.valueOf(version);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

package org.ucsgateway.support;

import java.util.Map;

/** Reads sample values out of a Prometheus text exposition. */
public final class PrometheusText {

    private final String text;

    public PrometheusText(String text) {
        this.text = text;
    }

    /**
     * Returns the sum of the samples of the metric whose labels include all the given ones, or
     * NaN when no sample matches.
     */
    public double value(String metric, Map<String, String> labels) {
        double sum = 0;
        boolean found = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !(line.startsWith(metric + "{") || line.startsWith(metric + " "))) {
                continue;
            }
            int end = line.lastIndexOf(' ');
            String series = line.substring(0, end);
            boolean matches = labels.entrySet().stream()
                    .allMatch(label -> series.contains(label.getKey() + "=\"" + label.getValue() + "\""));
            if (matches) {
                sum += Double.parseDouble(line.substring(end + 1));
                found = true;
            }
        }
        return found ? sum : Double.NaN;
    }

    public double value(String metric) {
        return value(metric, Map.of());
    }

    public String text() {
        return text;
    }
}

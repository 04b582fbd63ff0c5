package io.github.schemaverify.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Median and percentiles of measured durations, in milliseconds. */
final class Stats {
    private final List<Double> samples = new ArrayList<>();

    void add(long nanos) {
        samples.add(nanos / 1e6);
    }

    double median() {
        return percentile(50);
    }

    double percentile(int p) {
        List<Double> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(i, sorted.size() - 1)));
    }

    int count() {
        return samples.size();
    }

    @Override
    public String toString() {
        return String.format("median %7.1f ms  p90 %7.1f ms  (n=%d)", median(), percentile(90), count());
    }
}

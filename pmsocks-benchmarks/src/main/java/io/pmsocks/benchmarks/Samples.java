package io.pmsocks.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Repeated measurements of one quantity. On a shared 2-core machine the mean is dragged about by
 * whatever else runs, so the benchmarks report medians and quartiles.
 */
public final class Samples {

    private final List<Double> values = new ArrayList<>();

    public void add(double value) {
        values.add(value);
    }

    public int size() {
        return values.size();
    }

    public double median() {
        return quantile(0.5);
    }

    /** The {@code q}-quantile, interpolated linearly between neighbouring ranks. */
    public double quantile(double q) {
        if (values.isEmpty()) {
            throw new IllegalStateException("no samples");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        double rank = q * (sorted.size() - 1);
        int below = (int) Math.floor(rank);
        int above = (int) Math.ceil(rank);
        return sorted.get(below) + (rank - below) * (sorted.get(above) - sorted.get(below));
    }

    /** {@code median [p25..p75]} with the given number of decimals. */
    public String describe(int decimals) {
        String number = "%." + decimals + "f";
        return String.format(Locale.ROOT, number + " [" + number + ".." + number + "]",
                median(), quantile(0.25), quantile(0.75));
    }
}

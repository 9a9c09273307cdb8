package io.pmsocks.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The measurements of interleaved rounds: in every round each variant ran once, so a ratio can
 * be taken both between the medians and round by round (paired, which cancels what a burst of
 * load did to one round).
 */
public final class RoundTable {

    private final List<String> variants;
    private final List<Map<String, Double>> rounds = new ArrayList<>();

    public RoundTable(List<String> variants) {
        this.variants = List.copyOf(variants);
    }

    /** Starts a round; {@link #record} fills it. */
    public void newRound() {
        rounds.add(new LinkedHashMap<>());
    }

    public void record(String variant, double value) {
        if (!variants.contains(variant)) {
            throw new IllegalArgumentException("unknown variant " + variant);
        }
        rounds.get(rounds.size() - 1).put(variant, value);
    }

    public int roundCount() {
        return rounds.size();
    }

    public Samples samples(String variant) {
        Samples samples = new Samples();
        for (Map<String, Double> round : rounds) {
            Double value = round.get(variant);
            if (value != null) {
                samples.add(value);
            }
        }
        return samples;
    }

    /** candidate / baseline in each round where both ran. */
    public Samples pairedRatios(Comparison comparison) {
        Samples ratios = new Samples();
        for (Map<String, Double> round : rounds) {
            Double candidate = round.get(comparison.candidate());
            Double baseline = round.get(comparison.baseline());
            if (candidate != null && baseline != null && baseline != 0) {
                ratios.add(candidate / baseline);
            }
        }
        return ratios;
    }

    public double ratioOfMedians(Comparison comparison) {
        return samples(comparison.candidate()).median() / samples(comparison.baseline()).median();
    }

    /** The ratio lines: of the medians, the paired ratios' median and quartiles, and the goal. */
    public void printComparisons(PrintStream out, List<Comparison> comparisons) {
        int width = 12;
        for (Comparison comparison : comparisons) {
            width = Math.max(width, label(comparison).length());
        }
        out.printf(Locale.ROOT, "  %-" + width + "s  %-10s  %-26s  %s%n", "ratio", "of medians",
                "paired: median [p25..p75]", "goal");
        for (Comparison comparison : comparisons) {
            if (samples(comparison.candidate()).size() == 0 || samples(comparison.baseline()).size() == 0) {
                continue;
            }
            double ratio = ratioOfMedians(comparison);
            out.printf(Locale.ROOT, "  %-" + width + "s  %-10.3f  %-26s  %s%n", label(comparison), ratio,
                    pairedRatios(comparison).describe(3),
                    comparison.goal().map(goal -> goal.verdict(ratio)).orElse("-"));
        }
    }

    private static String label(Comparison comparison) {
        return comparison.candidate() + " / " + comparison.baseline();
    }
}

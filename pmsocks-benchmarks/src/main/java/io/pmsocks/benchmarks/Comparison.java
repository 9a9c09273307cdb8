package io.pmsocks.benchmarks;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One ratio a benchmark reports: a candidate variant against its baseline, measured in the same
 * rounds, and the goal it is held to, if any.
 *
 * @param candidate the variant being judged
 * @param baseline  what it is compared with
 * @param goal      the ratio it should reach, if this comparison has one
 */
public record Comparison(String candidate, String baseline, Optional<Goal> goal) {

    public Comparison {
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(goal, "goal");
    }

    public static Comparison of(String candidate, String baseline) {
        return new Comparison(candidate, baseline, Optional.empty());
    }

    public static Comparison of(String candidate, String baseline, Goal goal) {
        return new Comparison(candidate, baseline, Optional.of(goal));
    }

    /**
     * A bound on a ratio.
     *
     * @param atMost true for "ratio at most {@code bound}" (times), false for "at least" (rates)
     * @param bound  the ratio
     */
    public record Goal(boolean atMost, double bound) {

        public static Goal atMost(double bound) {
            return new Goal(true, bound);
        }

        public static Goal atLeast(double bound) {
            return new Goal(false, bound);
        }

        public boolean isMetBy(double ratio) {
            return atMost ? ratio <= bound : ratio >= bound;
        }

        /** {@code <= 1.15 met} or {@code >= 0.97 MISSED}. */
        public String verdict(double ratio) {
            return String.format(Locale.ROOT, "%s %.2f %s", atMost ? "<=" : ">=", bound,
                    isMetBy(ratio) ? "met" : "MISSED");
        }
    }
}

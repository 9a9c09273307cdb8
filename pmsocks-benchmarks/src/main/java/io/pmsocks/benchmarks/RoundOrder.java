package io.pmsocks.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The order of the variants within a round: shuffled for each round, so that no variant always
 * runs right after the same other one and inherits what it left behind (a page cache, sockets
 * in TIME_WAIT, a CPU frequency). The seed is fixed, so that two runs use the same orders.
 */
public final class RoundOrder {

    private static final long SEED = 20_261_125L;

    private RoundOrder() {
    }

    public static Random random() {
        return new Random(SEED);
    }

    public static <T> List<T> shuffled(List<T> variants, Random random) {
        List<T> order = new ArrayList<>(variants);
        Collections.shuffle(order, random);
        return order;
    }
}

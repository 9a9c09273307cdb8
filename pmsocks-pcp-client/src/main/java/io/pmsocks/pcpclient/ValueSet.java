package io.pmsocks.pcpclient;

import java.util.List;
import java.util.Objects;

/**
 * The values of one metric in a RESULT (pmValueSet).
 *
 * @param numval the number of values, or a negative PCP error code for the metric as a whole
 * @param values one per instance; empty when numval is 0 or an error
 */
public record ValueSet(Pmid pmid, int numval, List<PmValue> values) {

    public ValueSet {
        Objects.requireNonNull(pmid, "pmid");
        values = List.copyOf(values);
        if (values.size() != Math.max(numval, 0)) {
            throw new IllegalArgumentException(values.size() + " values for numval " + numval);
        }
    }

    public boolean isError() {
        return numval < 0;
    }
}

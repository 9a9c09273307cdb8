package io.pmsocks.pcpclient;

import java.util.Objects;

/**
 * A metric's descriptor (pmDesc): what this client needs to decode and print its values.
 *
 * @param semantics PM_SEM_COUNTER (1), PM_SEM_INSTANT (3) or PM_SEM_DISCRETE (4)
 * @param units the pmUnits word as sent (dimensions and scales in 4-bit fields)
 */
public record MetricDesc(Pmid pmid, MetricType type, InDom indom, int semantics, int units) {

    public MetricDesc {
        Objects.requireNonNull(pmid, "pmid");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(indom, "indom");
    }
}

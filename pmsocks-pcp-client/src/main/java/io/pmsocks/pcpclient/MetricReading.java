package io.pmsocks.pcpclient;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The values of one metric fetched from pmcd, with what is needed to print them like pminfo -f.
 *
 * @param name the metric name as asked
 * @param values one per instance (one with instance PM_IN_NULL for a singular metric); empty
 *     when pmcd has no value for the metric at the moment
 */
public record MetricReading(String name, MetricDesc desc, List<InstanceValue> values) {

    /**
     * One instance's value.
     *
     * @param instanceName the name pmcd gives the instance, empty for a singular metric or when
     *     pmcd could not name it
     */
    public record InstanceValue(int instance, Optional<String> instanceName, MetricValue value) {

        public InstanceValue {
            Objects.requireNonNull(instanceName, "instanceName");
            Objects.requireNonNull(value, "value");
        }
    }

    public MetricReading {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(desc, "desc");
        values = List.copyOf(values);
    }

    /**
     * One line per value: {@code NAME VALUE} for a singular metric, {@code NAME [INST or
     * "INAME"] VALUE} (or {@code NAME [INST] VALUE} when the instance has no name) for a metric
     * with instances. The bracket and the value are printed exactly as pminfo -f prints them
     * after {@code inst} and {@code value}.
     */
    public List<String> lines() {
        List<String> lines = new ArrayList<>(values.size());
        for (InstanceValue value : values) {
            StringBuilder line = new StringBuilder(name);
            if (!desc.indom().isNull()) {
                line.append(" [").append(value.instance());
                value.instanceName().ifPresent(instanceName ->
                        line.append(" or \"").append(instanceName).append('"'));
                line.append(']');
            }
            lines.add(line.append(' ').append(value.value().text()).toString());
        }
        return List.copyOf(lines);
    }
}

package io.pmsocks.pcpclient;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetricReadingTest {

    @Test
    void singularMetricIsNameAndValue() {
        MetricDesc desc = new MetricDesc(new Pmid(0x0f000020), MetricType.U32, InDom.NULL, 4, 0);
        MetricReading reading = new MetricReading("hinv.ncpu", desc, List.of(
                new MetricReading.InstanceValue(-1, Optional.empty(), new MetricValue.UInt32(2))));
        assertEquals(List.of("hinv.ncpu 2"), reading.lines());
    }

    @Test
    void instancesAreBracketedAsPminfoPrintsThem() {
        MetricDesc desc = new MetricDesc(new Pmid(0x0f000000 | 2 << 10), MetricType.FLOAT, new InDom(0x0f000002), 3, 0);
        MetricReading reading = new MetricReading("kernel.all.load", desc, List.of(
                new MetricReading.InstanceValue(1, Optional.of("1 minute"), new MetricValue.Float32(0x1.28f5c2p-2f)),
                new MetricReading.InstanceValue(15, Optional.empty(), new MetricValue.Float32(2.5f))));
        assertEquals(List.of("kernel.all.load [1 or \"1 minute\"] 0.28999999", "kernel.all.load [15] 2.5"),
                reading.lines());
    }
}

package cn.bsnedge.agent.pipeline;

import cn.bsnedge.drivers.SensorDriver;
import cn.bsnedge.ledger.entry.SensorCode;

import java.time.Duration;

/** A registered sensor as the sampler runs it: its code, its driver and its sampling interval. */
public record SensorSlot(SensorCode code, SensorDriver driver, Duration interval) {
    public SensorSlot {
        if (interval.toMillis() < 1) {
            throw new IllegalArgumentException("sensor " + code + ": interval " + interval + " is below 1 ms");
        }
    }
}

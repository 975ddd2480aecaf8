package cn.bsnedge.agent.sensors;

import cn.bsnedge.agent.config.SensorConfig;
import cn.bsnedge.drivers.SensorDriver;
import cn.bsnedge.drivers.sim.SimulatedDriver;

/**
 * Makes the driver a sensor's configuration names. Drivers plug in by name: the config layer
 * validated the name and its options, this maps it onto the driver class. {@code resumeAfter}
 * is the sensor's last committed seq, so a simulated meter continues its series.
 */
public final class DriverFactory {

    /** The configured driver cannot be made in this build or on this machine. */
    public static final class UnavailableDriverException extends Exception {
        public UnavailableDriverException(String message) {
            super(message);
        }
    }

    public SensorDriver create(SensorConfig sensor, long resumeAfter) throws UnavailableDriverException {
        return switch (sensor.driver()) {
            case "simulated" -> simulated(sensor, resumeAfter);
            default -> throw new UnavailableDriverException("sensor " + sensor.code() + ": driver '" + sensor.driver()
                    + "' is not available in this build; only 'simulated' is (hardware drivers are wired in with issue 5)");
        };
    }

    private static SensorDriver simulated(SensorConfig s, long resumeAfter) {
        SensorConfig.Options o = s.options();
        SimulatedDriver.Spec spec = new SimulatedDriver.Spec(o.text("quantity"), o.text("unit"),
                "counter".equals(o.text("waveform")) ? SimulatedDriver.Waveform.COUNTER : SimulatedDriver.Waveform.SINE,
                o.decimal("base").doubleValue(), o.decimal("amplitude").doubleValue(), o.integer("period"),
                o.integer("decimals"), o.integer("seed"), o.integer("failEvery"));
        return new SimulatedDriver(spec, resumeAfter);
    }
}

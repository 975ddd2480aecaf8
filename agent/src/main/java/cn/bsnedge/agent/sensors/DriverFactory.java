package cn.bsnedge.agent.sensors;

import cn.bsnedge.agent.config.Bus;
import cn.bsnedge.agent.config.SensorConfig;
import cn.bsnedge.drivers.SensorDriver;
import cn.bsnedge.drivers.SensorException;
import cn.bsnedge.drivers.bme280.Bme280Config;
import cn.bsnedge.drivers.ads1115.Ads1115Driver;
import cn.bsnedge.drivers.bme280.Bme280Driver;
import cn.bsnedge.drivers.ds18b20.Ds18b20Driver;
import cn.bsnedge.drivers.io.ByteStream;
import cn.bsnedge.drivers.io.EdgeInput;
import cn.bsnedge.drivers.io.SpiDevice;
import cn.bsnedge.drivers.mcp3008.Mcp3008Driver;
import cn.bsnedge.drivers.pms5003.Pms5003Driver;
import cn.bsnedge.drivers.pulse.FileCounterStore;
import cn.bsnedge.drivers.pulse.PulseMeterDriver;
import cn.bsnedge.drivers.sht3x.Sht3xDriver;
import cn.bsnedge.drivers.sim.SimulatedDriver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Makes the driver a sensor's configuration names. Drivers plug in by name: the config layer
 * validated the name and its options, this maps them onto the driver class and opens its bus.
 * {@code resumeAfter} is the sensor's last committed seq, so a simulated meter continues its series.
 * <p>
 * Anything that stops a driver from being made (no bus on this machine, no chip answering, a
 * wrong chip, an option combination config cannot check alone) becomes an
 * {@link UnavailableDriverException} naming the sensor, the driver, where it is wired and why,
 * so the operator fixes all of them from one start-up attempt.
 */
public final class DriverFactory implements AutoCloseable {

    /** {@code gateway.dataDir}'s default; pulse counters live under it unless told otherwise. */
    public static final Path DEFAULT_DATA_DIR = Path.of("/var/lib/bsn-edge");

    /** The configured driver cannot be made in this build or on this machine. */
    public static final class UnavailableDriverException extends Exception {
        public UnavailableDriverException(String message) {
            super(message);
        }

        public UnavailableDriverException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** 1 MHz: inside the MCP3008's 1.35 MHz limit at 2.7 V (datasheet table 1-1), so any supply works. */
    static final int MCP3008_BAUD = 1_000_000;
    static final int MCP3008_MODE = 0;

    private final Buses buses;
    private final Path dataDir;
    private final InstantSource clock;
    private final LongSupplier nanoTime;
    /** ADS1115 chips already given to a sensor (bus resource → sensor code): one driver owns the multiplexer. */
    private final Map<String, String> ads1115Owners = new HashMap<>();

    /** Pi hardware, created lazily on the first hardware driver; pulse counters under {@link #DEFAULT_DATA_DIR}. */
    public DriverFactory() {
        this(DEFAULT_DATA_DIR);
    }

    /** Pi hardware, created lazily; pulse counters under {@code dataDir/counters}. */
    public DriverFactory(Path dataDir) {
        this(new HardwareBuses(), dataDir, InstantSource.system(), System::nanoTime);
    }

    /**
     * @param buses    where drivers get their wires
     * @param dataDir  the gateway's data directory; pulse totals persist in {@code dataDir/counters}
     * @param nanoTime the monotonic clock {@code buses} stamps edges with (the pulse rate divides by it)
     */
    public DriverFactory(Buses buses, Path dataDir, InstantSource clock, LongSupplier nanoTime) {
        this.buses = buses;
        this.dataDir = dataDir;
        this.clock = clock;
        this.nanoTime = nanoTime;
    }

    public SensorDriver create(SensorConfig sensor, long resumeAfter) throws UnavailableDriverException {
        try {
            return switch (sensor.driver()) {
                case "simulated" -> simulated(sensor, resumeAfter);
                case "bme280" -> bme280(sensor);
                case "sht3x" -> sht3x(sensor);
                case "ads1115" -> ads1115(sensor);
                case "mcp3008" -> mcp3008(sensor);
                case "ds18b20" -> new Ds18b20Driver(buses.oneWire(), ((Bus.OneWire) sensor.bus()).rom());
                case "pulse" -> pulse(sensor);
                case "pms5003" -> pms5003(sensor);
                case "coap" -> coapPoll(sensor);
                default -> throw new IllegalArgumentException("no such driver in this build");
            };
        } catch (SensorException | IOException | RuntimeException e) {
            throw unavailable(sensor, e);
        }
    }

    /** Releases the buses (the Pi4J context, if one was created). */
    @Override
    public void close() throws Exception {
        if (buses instanceof AutoCloseable c) {
            c.close();
        }
    }

    /** The file a pulse sensor's total persists in: one per sensor code, {@code /} made filename-safe. */
    public Path counterFile(SensorConfig sensor) {
        return dataDir.resolve("counters").resolve(sensor.code().toString().replace('/', '_') + ".count");
    }

    private static SensorDriver simulated(SensorConfig s, long resumeAfter) {
        SensorConfig.Options o = s.options();
        SimulatedDriver.Spec spec = new SimulatedDriver.Spec(o.text("quantity"), o.text("unit"),
                "counter".equals(o.text("waveform")) ? SimulatedDriver.Waveform.COUNTER : SimulatedDriver.Waveform.SINE,
                o.decimal("base").doubleValue(), o.decimal("amplitude").doubleValue(), o.integer("period"),
                o.integer("decimals"), o.integer("seed"), o.integer("failEvery"));
        return new SimulatedDriver(spec, resumeAfter);
    }

    private SensorDriver bme280(SensorConfig s) throws IOException, SensorException {
        Bus.I2c at = (Bus.I2c) s.bus();
        Bme280Config d = Bme280Config.DEFAULT;
        // Standby no longer than the read interval, so each read finds a sample it has not reported.
        Bme280Config config = new Bme280Config(d.temperature(), d.pressure(), d.humidity(), d.filter(),
                Bme280Standby.atMost(s.interval()));
        return opened(buses.i2c(at.bus(), at.address()), io -> new Bme280Driver(io, config, clock));
    }

    private SensorDriver sht3x(SensorConfig s) throws IOException, SensorException {
        Bus.I2c at = (Bus.I2c) s.bus();
        return opened(buses.i2c(at.bus(), at.address()), io -> new Sht3xDriver(io, clock));
    }

    /**
     * Config lets ADC sensors share a chip by channel, but {@code Ads1115Driver} keeps the chip in
     * continuous mode on its own channel and treats any other configuration as a chip reset: two
     * drivers on one chip would reset each other on every read and neither would report. So the
     * second sensor on a chip is refused here, by name, until a multiplexing driver exists.
     */
    private SensorDriver ads1115(SensorConfig s) throws IOException, SensorException {
        Bus.I2c at = (Bus.I2c) s.bus();
        Ads1115Options opts = Ads1115Options.of(s.options());   // before opening: a bad option opens nothing
        String owner = ads1115Owners.get(at.resource());
        if (owner != null) {
            throw new IOException("sensor " + owner + " already reads this ADS1115; one driver owns the chip's multiplexer,"
                    + " so wire each transmitter to its own chip (0x48..0x4b)");
        }
        SensorDriver d = opened(buses.i2c(at.bus(), at.address()),
                io -> new Ads1115Driver(io, opts.config(), opts.loop(), clock));
        ads1115Owners.put(at.resource(), s.code().toString());
        return d;
    }

    private SensorDriver mcp3008(SensorConfig s) throws IOException, SensorException {
        Bus.Spi at = (Bus.Spi) s.bus();
        SensorConfig.Options o = s.options();
        boolean single = "single".equals(o.text("input"));
        SpiDevice io = buses.spi(at.bus(), at.chipSelect(), MCP3008_BAUD, MCP3008_MODE);
        return opened(io, spi -> new Mcp3008Driver(spi, o.integer("channel"), single, o.decimal("vref")));
    }

    private SensorDriver pulse(SensorConfig s) throws IOException, SensorException {
        Bus.Gpio at = (Bus.Gpio) s.bus();
        PulseOptions p = PulseOptions.of(s.options());
        Path counter = counterFile(s);
        Files.createDirectories(counter.getParent());
        EdgeInput in = buses.edgeInput(at.pin(), p.pull());
        EdgeInput counted = p.bothEdges() ? new BothEdges(in) : in;
        return opened(counted, e -> new PulseMeterDriver(e, p.config(), new FileCounterStore(counter), nanoTime));
    }

    private SensorDriver pms5003(SensorConfig s) throws IOException {
        ByteStream in = buses.serial(((Bus.Serial) s.bus()).device());
        return new Pms5003Driver(in, clock);
    }

    /** Only poll-mode coap sensors are sampled; push and observe ones reach the pipeline by themselves. */
    private static SensorDriver coapPoll(SensorConfig s) {
        if (s.sampled()) {
            SensorConfig.Options o = s.options();
            return new cn.bsnedge.agent.coap.client.CoapPollDriver(s.code(), java.net.URI.create(((Bus.Network) s.bus()).uri()),
                    o.text("quantity"), o.text("unit"), cn.bsnedge.agent.coap.server.CoapGatewayServer.configuration(16_384));
        }
        throw new IllegalArgumentException("a coap sensor in " + s.options().text("mode") + " mode is not sampled; it has no driver to poll");
    }

    /** A driver constructor over an opened device; the device is closed if the constructor fails. */
    interface Construct<D extends AutoCloseable> {
        SensorDriver make(D device) throws SensorException;
    }

    static <D extends AutoCloseable> SensorDriver opened(D device, Construct<D> construct) throws SensorException {
        try {
            return construct.make(device);
        } catch (SensorException | RuntimeException e) {
            try {
                device.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static UnavailableDriverException unavailable(SensorConfig s, Exception e) {
        String where = s.bus().resource() == null ? "" : " on " + s.bus().resource();
        return new UnavailableDriverException("sensor " + s.code() + ": driver " + s.driver() + where
                + " cannot be opened: " + HardwareBuses.describe(e), e);
    }
}

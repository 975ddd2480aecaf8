package cn.bsnedge.agent.sensors;

import cn.bsnedge.drivers.DeviceAddress;
import cn.bsnedge.drivers.io.ByteStream;
import cn.bsnedge.drivers.io.EdgeInput;
import cn.bsnedge.drivers.io.I2cDevice;
import cn.bsnedge.drivers.io.InputStreamByteStream;
import cn.bsnedge.drivers.io.OneWireBus;
import cn.bsnedge.drivers.io.SpiDevice;
import cn.bsnedge.drivers.io.SysfsOneWireBus;
import cn.bsnedge.drivers.io.pi4j.Pi4jBuses;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.PullResistance;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * {@link Buses} on a Raspberry Pi: I2C, SPI and GPIO through one Pi4J {@link Context}
 * ({@link Pi4jBuses}), 1-Wire through sysfs, the UART as a plain file set up by {@code stty}
 * (Pi4J 4.0.0 has neither serial nor 1-Wire).
 * <p>
 * The Pi4J context is created on the first I2C, SPI or GPIO request, not before: a gateway with
 * only simulated, 1-Wire or serial sensors never loads Pi4J's native providers. Before touching
 * Pi4J each method checks that the device node exists, so a missing bus fails at once with the
 * file and the setting that creates it, rather than with a provider's stack trace.
 */
public final class HardwareBuses implements Buses, AutoCloseable {

    /** PMS5003: 9600 8N1 (manual, appendix I). clocal: open() must not wait for a modem carrier it never gets. */
    static final List<String> SERIAL_SETTINGS = List.of("9600", "raw", "-echo", "cs8", "-cstopb", "-parenb", "clocal");
    private static final long STTY_TIMEOUT_SECONDS = 5;

    private final Path dev;
    private final Path w1Base;
    private final Supplier<Context> newContext;
    private final LongSupplier nanoTime;
    /** Several channels of one MCP3008 are several sensors on one chip select. */
    private final SharedSpi sharedSpi = new SharedSpi();
    private Context context;      // guarded by this; created on first use
    private Pi4jBuses pi4j;       // guarded by this

    /** The Pi: {@code /dev}, {@code /sys/bus/w1/devices}, Pi4J's auto context, {@link System#nanoTime()}. */
    public HardwareBuses() {
        this(Path.of("/dev"), SysfsOneWireBus.DEFAULT_BASE, Pi4jBuses::newAutoContext, System::nanoTime);
    }

    /**
     * @param dev        where device nodes are looked for (tests point it at an empty directory)
     * @param newContext called at most once, on the first I2C, SPI or GPIO request
     * @param nanoTime   the clock edge inputs stamp edges with; the pulse meter must read the same one
     */
    public HardwareBuses(Path dev, Path w1Base, Supplier<Context> newContext, LongSupplier nanoTime) {
        this.dev = dev;
        this.w1Base = w1Base;
        this.newContext = newContext;
        this.nanoTime = nanoTime;
    }

    @Override
    public I2cDevice i2c(int bus, int address) throws IOException {
        requireNode(dev.resolve("i2c-" + bus), "no I2C bus " + bus + " (enable it with dtparam=i2c_arm=on in /boot/firmware/config.txt)");
        Pi4jBuses b = pi4j();
        return opening("I2C bus " + bus + " address " + String.format("0x%02x", address), () -> b.i2c(bus, address));
    }

    @Override
    public SpiDevice spi(int bus, int chipSelect, int baud, int mode) throws IOException {
        requireNode(dev.resolve("spidev" + bus + "." + chipSelect),
                "no SPI device " + bus + "." + chipSelect + " (enable it with dtparam=spi=on in /boot/firmware/config.txt)");
        return sharedSpi.acquire(bus + "." + chipSelect, () -> {
            Pi4jBuses b = pi4j();
            return opening("SPI bus " + bus + " chip select " + chipSelect, () -> b.spi(bus, chipSelect, baud, mode));
        });
    }

    @Override
    public EdgeInput edgeInput(int pin, Pull pull) throws IOException {
        boolean anyChip;
        try (Stream<Path> nodes = Files.list(dev)) {
            anyChip = nodes.anyMatch(p -> p.getFileName().toString().startsWith("gpiochip"));
        } catch (IOException e) {
            anyChip = false;
        }
        if (!anyChip) {
            throw new NoSuchFileException(dev.resolve("gpiochip0").toString(), null, "no GPIO character device (not a Raspberry Pi, or no gpiod)");
        }
        PullResistance r = switch (pull) {
            case UP -> PullResistance.PULL_UP;
            case DOWN -> PullResistance.PULL_DOWN;
            case OFF -> PullResistance.OFF;
        };
        Pi4jBuses b = pi4j();
        return opening("GPIO pin " + pin, () -> b.edgeInput(pin, r));
    }

    @Override
    public OneWireBus oneWire() {
        return new SysfsOneWireBus(w1Base);
    }

    @Override
    public ByteStream serial(String devicePath) throws IOException {
        Path tty = Path.of(devicePath);
        requireNode(tty, "no serial port " + devicePath + " (enable_uart=1, and take the console off it in cmdline.txt)");
        stty(devicePath);
        InputStream in = new FileInputStream(tty.toFile());
        return new InputStreamByteStream(DeviceAddress.serial(devicePath), in);
    }

    /** Shuts the Pi4J context down if one was created; the device nodes it holds open are released. */
    @Override
    public synchronized void close() {
        if (context != null) {
            context.shutdown();
            context = null;
            pi4j = null;
        }
    }

    private synchronized Pi4jBuses pi4j() throws IOException {
        if (pi4j == null) {
            try {
                context = newContext.get();
            } catch (RuntimeException | LinkageError e) {
                // A provider's native library that does not load is an environment problem, not a bug to trace.
                throw new IOException("Pi4J could not start: " + describe(e), e);
            }
            pi4j = new Pi4jBuses(context, nanoTime);
        }
        return pi4j;
    }

    private interface Open<T> {
        T open();
    }

    /** Pi4J reports open failures unchecked; turn them into the IOException the caller must handle. */
    private static <T> T opening(String what, Open<T> open) throws IOException {
        try {
            return open.open();
        } catch (RuntimeException | LinkageError e) {
            throw new IOException("opening " + what + ": " + describe(e), e);
        }
    }

    private static void requireNode(Path node, String why) throws NoSuchFileException {
        if (!Files.exists(node)) {
            throw new NoSuchFileException(node.toString(), null, why);
        }
    }

    private static void stty(String device) throws IOException {
        List<String> cmd = Stream.concat(Stream.of("stty", "-F", device), SERIAL_SETTINGS.stream()).toList();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(STTY_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish in " + STTY_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " interrupted", e);
        }
        if (p.exitValue() != 0) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            throw new IOException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "): " + out);
        }
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}

package cn.bsnedge.drivers.pms5003;

import cn.bsnedge.drivers.BusException;
import cn.bsnedge.drivers.ChecksumException;
import cn.bsnedge.drivers.DeviceAddress;
import cn.bsnedge.drivers.ImplausibleValueException;
import cn.bsnedge.drivers.Measurement;
import cn.bsnedge.drivers.SensorDriver;
import cn.bsnedge.drivers.SensorException;
import cn.bsnedge.drivers.io.ByteStream;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * Plantower PMS5003 particulate sensor on a UART (9600 8N1), in its default active mode: it
 * sends a frame every 0.2–2.3 s on its own. A read drains what has arrived and reports the
 * newest valid frame; frames are never repeated, so no new frame since the last read means no
 * reading. The manual asks for 30 s after power-up before data is stable, so frames before
 * {@link #busyUntil()} are dropped.
 */
public final class Pms5003Driver implements SensorDriver {

    /** Manual 2.3: "stable data should be got at least 30 seconds after the sensor wakeup". */
    public static final Duration WARM_UP = Duration.ofSeconds(30);
    /** Manual: effective range 0–500 µg/m³, maximum range ≥ 1000 µg/m³. */
    static final int MAX_UG_M3 = 1000;

    private final ByteStream in;
    private final DeviceAddress where;
    private final InstantSource clock;
    private final Pms5003FrameReader reader = new Pms5003FrameReader();
    private final byte[] chunk = new byte[256];
    private final Instant busyUntil;

    public Pms5003Driver(ByteStream in, InstantSource clock) {
        this.in = in;
        this.where = in.address();
        this.clock = clock;
        this.busyUntil = clock.instant().plus(WARM_UP);
    }

    @Override
    public String driverName() {
        return "pms5003";
    }

    public Instant busyUntil() {
        return busyUntil;
    }

    /**
     * The newest valid frame received since the last poll, or empty if none has arrived (or
     * the sensor is still warming up).
     *
     * @throws ChecksumException         bytes arrived but every candidate frame failed its checksum
     * @throws ImplausibleValueException PM2.5 above PM10, PM1 above PM2.5, or above 1000 µg/m³
     * @throws BusException              the serial port failed or closed
     */
    public Optional<Pms5003Frame> poll() throws SensorException {
        Pms5003Frame newest = null;
        int errors = 0;
        String lastError = null;
        while (true) {
            int n;
            try {
                n = in.read(chunk, 0, chunk.length);
            } catch (IOException e) {
                throw new BusException(where, "reading serial: " + e.getMessage(), e);
            }
            if (n < 0) {
                throw new BusException(where, "serial stream ended (port closed or adapter unplugged)");
            }
            if (n == 0) {
                break;
            }
            Pms5003FrameReader.Result r = reader.feed(chunk, 0, n);
            if (!r.frames().isEmpty()) {
                newest = r.frames().getLast();
            }
            errors += r.checksumErrors();
            lastError = r.lastError() != null ? r.lastError() : lastError;
        }
        if (clock.instant().isBefore(busyUntil)) {
            return Optional.empty();   // drained and discarded: warm-up data is not stable
        }
        if (newest == null) {
            if (errors > 0) {
                throw new ChecksumException(where, errors + " frame(s) failed checksum, none valid; last: " + lastError);
            }
            return Optional.empty();
        }
        check(newest);
        return Optional.of(newest);
    }

    /** {@inheritDoc} PM1, PM2.5, PM10 in ug/m3; empty when no new frame has arrived. */
    @Override
    public List<Measurement> read() throws SensorException {
        return poll().map(Pms5003Frame::measurements).orElse(List.of());
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // Closing a serial port that already failed has nothing left to report.
        }
    }

    private void check(Pms5003Frame f) throws ImplausibleValueException {
        // PM10 includes PM2.5 includes PM1, so the sizes must nest; a violation is corruption the sum missed.
        if (f.pm1() > f.pm25() || f.pm25() > f.pm10()) {
            throw new ImplausibleValueException(where, "PM1/PM2.5/PM10 " + f.pm1() + "/" + f.pm25() + "/" + f.pm10()
                    + " ug/m3 do not nest (want PM1 <= PM2.5 <= PM10)");
        }
        if (f.pm10() > MAX_UG_M3) {
            throw new ImplausibleValueException(where, "PM10 " + f.pm10() + " ug/m3 is above the sensor's 1000 ug/m3 maximum");
        }
    }
}

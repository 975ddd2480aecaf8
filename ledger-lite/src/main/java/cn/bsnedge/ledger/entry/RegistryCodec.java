package cn.bsnedge.ledger.entry;

import cn.bsnedge.ledger.codec.ByteReader;
import cn.bsnedge.ledger.codec.ByteWriter;
import cn.bsnedge.ledger.codec.FormatException;
import java.util.Optional;

/**
 * FORMAT.md §2.5–§2.7: the registration, calibration and retirement entries. Each decoder is
 * the exact mirror of its encoder and checks every value where it is read, so an error names
 * the field and the offset where the field starts (or, inside text, the offending byte).
 * {@link EntryCodec} has already read version and type and checks for trailing bytes.
 */
final class RegistryCodec {

    private static final int LOCATION_ABSENT = 0;
    private static final int LOCATION_PRESENT = 1;

    private RegistryCodec() {
    }

    static byte[] encode(SensorRegistration r) {
        ByteWriter w = EntryFields.writeHead(new ByteWriter(256), r)
                .ascii8(r.driver())
                .ascii8(r.bus())
                .u32(r.intervalMillis());
        if (r.location().isPresent()) {
            w.u8(LOCATION_PRESENT);
            EntryFields.writeDecimal(w, r.location().get().latitude());
            EntryFields.writeDecimal(w, r.location().get().longitude());
        } else {
            w.u8(LOCATION_ABSENT);
        }
        w.utf8_16(r.locationDescription());
        writeCalibration(w, r.calibration());
        return w.utf8_16(r.engineer()).toByteArray();
    }

    static byte[] encode(SensorCalibration c) {
        ByteWriter w = EntryFields.writeHead(new ByteWriter(128), c);
        writeCalibration(w, c.calibration());
        return w.utf8_16(c.engineer()).utf8_16(c.reason()).toByteArray();
    }

    static byte[] encode(SensorRetirement r) {
        return EntryFields.writeHead(new ByteWriter(96), r)
                .utf8_16(r.engineer()).utf8_16(r.reason()).toByteArray();
    }

    private static void writeCalibration(ByteWriter w, Calibration c) {
        EntryFields.writeDecimal(w, c.offset());
        EntryFields.writeDecimal(w, c.scale());
        w.utf8_16(c.calibratedBy()).i64(c.calibratedAt());
    }

    static SensorRegistration decodeRegistration(ByteReader in) throws FormatException {
        EntryFields.Head h = EntryFields.readHead(in);
        int at = in.position();
        String driver = in.ascii8("driver", 1, 32);
        EntryFields.check(SensorRegistration.problemOfDriver(driver), "driver", at);
        at = in.position();
        String bus = in.ascii8("bus", 1, Wiring.MAX_LENGTH);
        EntryFields.check(Wiring.problem(bus) == null ? null : "bus " + Wiring.problem(bus), "bus", at);
        at = in.position();
        int interval = in.u32("intervalMillis");
        EntryFields.check(SensorRegistration.problemOfInterval(interval), "intervalMillis", at);
        at = in.position();
        int flag = in.u8("location.present");
        Optional<Location> location = switch (flag) {
            case LOCATION_ABSENT -> Optional.empty();
            case LOCATION_PRESENT -> {
                int latAt = in.position();
                ReadingValue.Decimal lat = EntryFields.readDecimal(in, "latitude");
                EntryFields.check(Location.problemOfLatitude(lat), "latitude", latAt);
                int lonAt = in.position();
                ReadingValue.Decimal lon = EntryFields.readDecimal(in, "longitude");
                EntryFields.check(Location.problemOfLongitude(lon), "longitude", lonAt);
                yield Optional.of(new Location(lat, lon));
            }
            default -> throw new FormatException("location.present", at,
                    "flag " + flag + " is not 0 (no location) or 1 (latitude and longitude follow)");
        };
        String description = in.utf8_16("locationDescription", 0, SensorRegistration.MAX_DESCRIPTION_BYTES);
        Calibration calibration = readCalibration(in);
        String engineer = in.utf8_16("engineer", 1, SensorRegistration.MAX_ENGINEER_BYTES);
        return new SensorRegistration(h.sensor(), h.seq(), h.time(), h.clock(), driver, bus, interval, location,
                description, calibration, engineer);
    }

    static SensorCalibration decodeCalibration(ByteReader in) throws FormatException {
        EntryFields.Head h = EntryFields.readHead(in);
        Calibration calibration = readCalibration(in);
        String engineer = in.utf8_16("engineer", 1, SensorRegistration.MAX_ENGINEER_BYTES);
        String reason = in.utf8_16("reason", 0, SensorCalibration.MAX_REASON_BYTES);
        return new SensorCalibration(h.sensor(), h.seq(), h.time(), h.clock(), calibration, engineer, reason);
    }

    static SensorRetirement decodeRetirement(ByteReader in) throws FormatException {
        EntryFields.Head h = EntryFields.readHead(in);
        String engineer = in.utf8_16("engineer", 1, SensorRegistration.MAX_ENGINEER_BYTES);
        String reason = in.utf8_16("reason", 1, SensorRetirement.MAX_REASON_BYTES);
        return new SensorRetirement(h.sensor(), h.seq(), h.time(), h.clock(), engineer, reason);
    }

    private static Calibration readCalibration(ByteReader in) throws FormatException {
        ReadingValue.Decimal offset = EntryFields.readDecimal(in, "offset");
        int at = in.position();
        ReadingValue.Decimal scale = EntryFields.readDecimal(in, "scale");
        EntryFields.check(Calibration.problemOfScale(scale), "scale", at);
        String by = in.utf8_16("calibratedBy", 0, Calibration.MAX_CALIBRATED_BY_BYTES);
        at = in.position();
        long when = in.i64("calibratedAt");
        EntryFields.check(Calibration.problemOfCalibratedAt(when), "calibratedAt", at);
        return new Calibration(offset, scale, by, when);
    }
}

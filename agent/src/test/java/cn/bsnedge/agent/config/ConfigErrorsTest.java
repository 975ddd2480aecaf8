package cn.bsnedge.agent.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * One test per class of mistake, each asserting the exact message an engineer reads:
 * file:line field path: what is wrong and what would be valid.
 */
class ConfigErrorsTest {

    /** Lines 1-3; the sensors under test start on line 4. */
    private static final String HEAD = """
            gateway:
              id: 88.1001.31/GW-0001
            sensors:
            """;

    private static List<String> problems(String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("gateway.yaml", yaml));
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void unitNotInSenmlRegistry_refused_evenWhenItLooksLikeAUnit() {
        assertEquals(List.of(
                "gateway.yaml:6 sensors[0].options.unit: '1' is not a SenML unit symbol (RFC 8428, RFC 8798; case-sensitive), e.g. Cel, m3, kWh, count, /",
                "gateway.yaml:9 sensors[1].options.loop.unit: 'degC' is not a SenML unit symbol (RFC 8428, RFC 8798; case-sensitive), e.g. Cel, m3, kWh, count, /"),
                problems(HEAD + """
                  - code: 88.1001.31/SIM-0001
                    driver: simulated
                    options: {unit: "1"}
                  - code: 88.1001.31/LVL-0001
                    driver: ads1115
                    options: {loop.unit: degC}
                """));
    }

    @Test
    void addressOutOfRange_namesTheValidRange() {
        assertEquals(List.of("gateway.yaml:6 sensors[0].address: 0x99 is outside 0x03..0x77"), problems(HEAD + """
                  - code: 88.1001.31/TMP-0001
                    driver: bme280
                    address: 0x99
                """));
    }

    @Test
    void addressTheChipCannotHave_namesTheChipsAddresses() {
        assertEquals(List.of("gateway.yaml:6 sensors[0].address: 0x50 is not a sht3x address; want 0x44..0x45"), problems(HEAD + """
                  - code: 88.1001.31/HUM-0001
                    driver: sht3x
                    address: 0x50
                """));
    }

    @Test
    void unknownKey_suggestsTheNearestValidKey() {
        assertEquals(List.of("gateway.yaml:6 sensors[0].intervl: unknown key; did you mean `interval`?"), problems(HEAD + """
                  - code: 88.1001.31/TMP-0001
                    driver: bme280
                    intervl: 5s
                """));
    }

    @Test
    void unknownKeyFarFromAny_listsTheValidKeys() {
        assertEquals(List.of("gateway.yaml:3 sealing.speed: unknown key; valid keys here are maxReadings, maxAge, queueCapacity"),
                problems("""
                        gateway: {id: 88.1001.31/GW-0001}
                        sealing:
                          speed: 3
                        """));
    }

    @Test
    void unknownTopLevelKey_suggests() {
        assertEquals(List.of("gateway.yaml:2 sensor: unknown key; did you mean `sensors`?"),
                problems("gateway: {id: 88.1001.31/GW-0001}\nsensor: []\n"));
    }

    @Test
    void optionForADriverWithoutOptions_saysSo() {
        assertEquals(List.of("gateway.yaml:7 sensors[0].options.gain: unknown key; bme280 takes no options"), problems(HEAD + """
                  - code: 88.1001.31/TMP-0001
                    driver: bme280
                    options:
                      gain: 2
                """));
    }

    @Test
    void busKeyOfAnotherWiring_namesTheKeysTheDriverTakes() {
        assertEquals(List.of("gateway.yaml:6 sensors[0].pin: bme280 is wired by I2C and takes bus, address, not pin"), problems(HEAD + """
                  - code: 88.1001.31/TMP-0001
                    driver: bme280
                    pin: 4
                """));
    }

    @Test
    void duplicateCode_namesTheFirstUse() {
        assertEquals(List.of("gateway.yaml:6 sensors[1].code: 88.1001.31/A is already the code of sensors[0] (line 4); every sensor needs its own code"),
                problems(HEAD + """
                          - code: 88.1001.31/A
                            driver: simulated
                          - code: 88.1001.31/A
                            driver: simulated
                        """));
    }

    @Test
    void malformedCode_saysWhatAValidCodeLooksLike() {
        assertEquals(List.of("gateway.yaml:4 sensors[0].code: 'WTR-0001234' has no '/'; want prefix/suffix, e.g. 88.1001.31/WTR-0001234"),
                problems(HEAD + """
                          - code: WTR-0001234
                            driver: simulated
                        """));
    }

    @Test
    void unknownDriver_listsDriversAndSuggests() {
        assertEquals(List.of("gateway.yaml:5 sensors[0].driver: bme208 is not one of simulated, bme280, sht3x, ads1115, mcp3008, ds18b20, pulse, pms5003, coap; did you mean `bme280`?"),
                problems(HEAD + """
                          - code: 88.1001.31/A
                            driver: bme208
                        """));
    }

    @Test
    void i2cConflict_namesBothSensorsAndBothLines() {
        assertEquals(List.of("gateway.yaml:9 sensors[1].address: 88.1001.31/B and sensors[0] 88.1001.31/A (line 6) both use I2C bus 1 address 0x76; give one of them another address or bus"),
                problems(HEAD + """
                          - code: 88.1001.31/A
                            driver: bme280
                            address: 0x76
                          - code: 88.1001.31/B
                            driver: bme280
                            address: 0x76
                        """));
    }

    @Test
    void i2cConflictByDefault_saysTheAddressWasDefaulted() {
        assertEquals(List.of("gateway.yaml:5 sensors[1].address: 88.1001.31/B and sensors[0] 88.1001.31/A (line 4) both use I2C bus 1 address 0x76 (address left out, so the default); give one of them another address or bus"),
                problems(HEAD + """
                          - {code: 88.1001.31/A, driver: bme280}
                          - code: 88.1001.31/B
                            driver: bme280
                        """));
    }

    @Test
    void gpioSerialSpiOneWireAndChannelConflicts_eachReported() {
        assertEquals(List.of(
                        "gateway.yaml:5 sensors[1].pin: 88.1001.31/P2 and sensors[0] 88.1001.31/P1 (line 4) both use GPIO pin 17; give one of them another pin",
                        "gateway.yaml:7 sensors[3].device: 88.1001.31/S2 and sensors[2] 88.1001.31/S1 (line 6) both use serial device /dev/ttyUSB0; give one of them another device",
                        "gateway.yaml:9 sensors[5].chipSelect: 88.1001.31/C2 and sensors[4] 88.1001.31/C1 (line 8) both use SPI bus 0 chip select 1 channel 3; give each mcp3008 sensor its own channel or chip",
                        "gateway.yaml:11 sensors[7].rom: 88.1001.31/R2 and sensors[6] 88.1001.31/R1 (line 10) both use 1-Wire ROM 28-0316a2791aff; a ROM id names one chip, so one of them has the wrong rom"),
                problems(HEAD + """
                          - {code: 88.1001.31/P1, driver: pulse, pin: 17}
                          - {code: 88.1001.31/P2, driver: pulse, pin: 17}
                          - {code: 88.1001.31/S1, driver: pms5003, device: /dev/ttyUSB0}
                          - {code: 88.1001.31/S2, driver: pms5003, device: /dev/ttyUSB0}
                          - {code: 88.1001.31/C1, driver: mcp3008, chipSelect: 1, options: {channel: 3}}
                          - {code: 88.1001.31/C2, driver: mcp3008, chipSelect: 1, options: {channel: 3}}
                          - {code: 88.1001.31/R1, driver: ds18b20, rom: 28-0316a2791aff}
                          - {code: 88.1001.31/R2, driver: ds18b20, rom: 28-0316a2791aff}
                        """));
    }

    @Test
    void wrongTypes_sayWhatTypeIsWanted() {
        assertEquals(List.of(
                        "gateway.yaml:3 sealing.maxReadings: 'many' is not a whole number; want 1..100000",
                        "gateway.yaml:4 sealing.maxAge: 5 is not a duration; write e.g. 500ms, 30s, 5m or 2h, within 1s..1h",
                        "gateway.yaml:5 sealing.queueCapacity: is a list; want 10..1000000",
                        "gateway.yaml:6 clock: is 'kernel'; want a mapping of key: value lines"),
                problems("""
                        gateway: {id: 88.1001.31/GW-0001}
                        sealing:
                          maxReadings: "many"
                          maxAge: 5
                          queueCapacity: [1]
                        clock: kernel
                        """));
    }

    @Test
    void missingRequired_reportedAtTheEnclosingMapping() {
        assertEquals(List.of(
                        "gateway.yaml:1 gateway.id: missing; want prefix/suffix, e.g. 88.1001.31/GW-0001",
                        "gateway.yaml:4 sensors[0].driver: missing; want simulated, bme280, sht3x, ads1115, mcp3008, ds18b20, pulse, pms5003, coap",
                        "gateway.yaml:5 sensors[0].location.lon: missing; want -180..180",
                        "gateway.yaml:7 sensors[0].calibration.by: missing; want 1 to 64 characters"),
                problems("""
                        gateway:
                          suite: sm2-sm3
                        sensors:
                          - code: 88.1001.31/A
                            location:
                              lat: 31.2
                            calibration:
                              at: 2025-03-14
                        """));
    }

    @Test
    void rangesAndFormats_ofLocationCalibrationAndOneWire() {
        assertEquals(List.of(
                        "gateway.yaml:6 sensors[0].rom: '10-0316a2791aff' is 1-Wire family 10, not a ds18b20 (family 28); want 28-xxxxxxxxxxxx",
                        "gateway.yaml:7 sensors[0].interval: 50ms is outside 100ms..24h",
                        "gateway.yaml:8 sensors[0].location: is 'here'; want a mapping of key: value lines",
                        "gateway.yaml:10 sensors[0].calibration.scale: 0 is outside 0.000001..1000000",
                        "gateway.yaml:12 sensors[0].calibration.at: 14/03/2025 is not a date; write YYYY-MM-DD, e.g. 2025-03-14",
                        "gateway.yaml:13 sensors[1].location.lat: 91.5 is outside -90..90"),
                problems(HEAD + """
                          - code: 88.1001.31/T
                            driver: ds18b20
                            rom: 10-0316a2791aff
                            interval: 50ms
                            location: here
                            calibration:
                              scale: 0
                              by: li.wei
                              at: 14/03/2025
                          - {code: 88.1001.31/U, driver: simulated, location: {lat: 91.5, lon: 0}}
                        """));
    }

    @Test
    void duplicateKey_isAnError() {
        assertEquals(List.of("gateway.yaml:3 sealing.maxAge: duplicate key; first given at line 2, and only one may count"),
                problems("sealing:\n  maxAge: 10s\n  maxAge: 20s\ngateway: {id: 88.1001.31/GW-0001}\n"));
    }

    @Test
    void manyMistakes_allCollectedInLineOrder_evenAMissingGatewayId() {
        assertEquals(List.of(
                        "gateway.yaml:1 gateway.id: missing; want prefix/suffix, e.g. 88.1001.31/GW-0001",
                        "gateway.yaml:2 gateway.suite: rsa is not one of ed25519-sha256, sm2-sm3, p256-sha256",
                        "gateway.yaml:4 sealing.maxReadings: 0 is outside 1..100000",
                        "gateway.yaml:5 sealing.maxAge: 2h is outside 1s..1h",
                        "gateway.yaml:7 clock.source: systemd-timesyncd is not one of kernel, systemd, none",
                        "gateway.yaml:10 sensors[0].statuss: unknown key; did you mean `status`?",
                        "gateway.yaml:13 sensors[1].options.channel: 8 is outside 0..7"),
                problems("""
                        gateway:
                          suite: rsa
                        sealing:
                          maxReadings: 0
                          maxAge: 2h
                        clock:
                          source: systemd-timesyncd
                        sensors:
                          - code: 88.1001.31/A
                            statuss: retired
                            driver: simulated
                          - code: 88.1001.31/B
                            options: {channel: 8}
                            driver: mcp3008
                        """));
    }

    @Test
    void queueSmallerThanABlock_isAnError() {
        assertEquals(List.of("gateway.yaml:2 sealing.queueCapacity: 100 is below sealing.maxReadings 500; want at least 500"),
                problems("gateway: {id: 88.1001.31/GW-0001}\nsealing: {maxReadings: 500, queueCapacity: 100}\n"));
    }

    @Test
    void yamlSyntaxError_givesLineAndColumn() {
        assertEquals(List.of("gateway.yaml:3:1 YAML syntax error: could not find expected ':' (while scanning a simple key started at line 2)"),
                problems("gateway: {id: 88.1001.31/GW-0001}\nsensors\n"));
    }

    @Test
    void tabIndentation_saysUseSpaces() {
        List<String> p = problems("gateway:\n\tid: 88.1001.31/GW-0001\n");
        assertEquals(1, p.size());
        assertEquals("gateway.yaml:2:1 YAML syntax error: found character '\\t(TAB)' that cannot start any token. "
                + "(Do not use \\t(TAB) for indentation) (while scanning for the next token)", p.getFirst());
    }

    @Test
    void emptyFile_saysWhatIsNeeded() {
        assertEquals(List.of("gateway.yaml is empty; want at least gateway.id (see gateway.example.yaml)"), problems("# nothing yet\n"));
    }
}

package cn.bsnedge.drivers.mcp3008;

import cn.bsnedge.drivers.BusException;
import cn.bsnedge.drivers.ChipNotFoundException;
import cn.bsnedge.drivers.ImplausibleValueException;
import cn.bsnedge.drivers.Measurement;
import cn.bsnedge.drivers.io.SpiDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FakeMcp3008DriverTest extends AbstractMcp3008DriverTest {

    private final FakeMcp3008 chip = new FakeMcp3008();

    @Override
    SpiDevice device() {
        return chip;
    }

    @Test
    void read_sendsStartSingleEndedChannelFrame() throws Exception {
        new Mcp3008Driver(chip, 5, true, VREF).read();
        // start bit, then SGL=1 D2..D0=101 -> 1101 0000 = d0, then 8 clocks for the result
        assertEquals(List.of("01d000", "01d000"), chip.sent);
    }

    @Test
    void read_differentialMode_clearsSglBit() throws Exception {
        new Mcp3008Driver(chip, 2, false, VREF);
        assertEquals("012000", chip.sent.getFirst());
    }

    @ParameterizedTest(name = "code {0} -> {1} V")
    @CsvSource({"0, 0.0000", "512, 1.6500", "1, 0.0032", "1022, 3.2936"})   // code · 3.3 / 1024
    void read_scalesCodeByVref(int code, String volts) throws Exception {
        chip.codes[3] = code;
        assertEquals(List.of(new Measurement("voltage", "V", new BigDecimal(volts))), new Mcp3008Driver(chip, 3, true, VREF).read());
    }

    @Test
    void read_fullScaleCode_isImplausible() throws Exception {
        Mcp3008Driver d = new Mcp3008Driver(chip, 0, true, VREF);
        chip.codes[0] = 1023;
        assertThrows(ImplausibleValueException.class, d::read);
    }

    @Test
    void constructor_misoFloatingHigh_isChipNotFound() {
        chip.absent = true;
        ChipNotFoundException e = assertThrows(ChipNotFoundException.class, () -> new Mcp3008Driver(chip, 0, true, VREF));
        assertTrue(e.getMessage().contains("null bit high"), e.getMessage());
        assertTrue(e.getMessage().startsWith("spi0.0 ch0: "), e.getMessage());
    }

    @Test
    void read_chipDisappearsMidRun_isBusException() throws Exception {
        Mcp3008Driver d = new Mcp3008Driver(chip, 0, true, VREF);
        chip.absent = true;
        assertThrows(BusException.class, d::read);
    }

    @Test
    void read_spiIoError_isBusException() throws Exception {
        Mcp3008Driver d = new Mcp3008Driver(chip, 0, true, VREF);
        chip.ioError = true;
        assertThrows(BusException.class, d::read);
    }

    @Test
    void constructor_channelOutOfRange_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Mcp3008Driver(chip, 8, true, VREF));
    }
}

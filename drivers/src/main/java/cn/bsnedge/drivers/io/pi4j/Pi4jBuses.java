package cn.bsnedge.drivers.io.pi4j;

import cn.bsnedge.drivers.DeviceAddress;
import cn.bsnedge.drivers.io.EdgeInput;
import cn.bsnedge.drivers.io.I2cDevice;
import cn.bsnedge.drivers.io.SpiDevice;
import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.spi.Spi;
import com.pi4j.io.spi.SpiBus;
import com.pi4j.io.spi.SpiChipSelect;
import com.pi4j.io.spi.SpiMode;

import java.util.function.LongSupplier;

/**
 * Opens narrow IO devices from one Pi4J {@link Context}. The agent builds the context once
 * ({@link #newAutoContext()}) and shuts it down at exit; drivers never see Pi4J.
 */
public final class Pi4jBuses {

    private final Context pi4j;
    private final LongSupplier nanoTime;

    public Pi4jBuses(Context pi4j, LongSupplier nanoTime) {
        this.pi4j = pi4j;
        this.nanoTime = nanoTime;
    }

    /**
     * The one place a Pi4J context is created: providers found on the class path (linuxfs for
     * I2C/SPI, gpiod for GPIO on Raspberry Pi OS with kernel 6.x).
     */
    public static Context newAutoContext() {
        return Pi4J.newAutoContext();
    }

    public I2cDevice i2c(int bus, int address) {
        I2C i2c = pi4j.create(I2C.newConfigBuilder(pi4j)
                .id("i2c-" + bus + "-" + Integer.toHexString(address))
                .bus(bus)
                .device(address));
        return new Pi4jI2c(i2c);
    }

    /** @param mode SPI mode 0..3; MCP3008 works in mode 0 */
    public SpiDevice spi(int bus, int chipSelect, int baud, int mode) {
        Spi spi = pi4j.create(Spi.newConfigBuilder(pi4j)
                .id("spi" + bus + "-" + chipSelect)
                .bus(SpiBus.getByNumber(bus))
                .chipSelect(SpiChipSelect.getByNumber(chipSelect))
                .mode(SpiMode.getByNumber(mode))
                .baud(baud));
        return new Pi4jSpi(spi, DeviceAddress.spi(bus, chipSelect));
    }

    /**
     * A GPIO input for pulse counting. Debouncing is done by the pulse meter in software so it
     * behaves the same on every provider; the provider's own debounce is left at its default.
     */
    public EdgeInput edgeInput(int bcm, PullResistance pull) {
        DigitalInput in = pi4j.create(DigitalInput.newConfigBuilder(pi4j)
                .id("gpio-" + bcm)
                .bcm(bcm)
                .pull(pull));
        return new Pi4jEdgeInput(in, DeviceAddress.gpio(bcm), nanoTime);
    }
}

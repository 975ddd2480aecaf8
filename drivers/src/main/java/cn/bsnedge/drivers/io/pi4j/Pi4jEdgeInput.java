package cn.bsnedge.drivers.io.pi4j;

import cn.bsnedge.drivers.DeviceAddress;
import cn.bsnedge.drivers.io.EdgeInput;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;

import java.util.function.LongSupplier;

/**
 * {@link EdgeInput} onto a Pi4J {@link DigitalInput}. Pi4J's state-change event carries no
 * timestamp, so the adapter stamps each edge with the monotonic clock it was given
 * ({@code System::nanoTime} in production, a fake in tests).
 */
public final class Pi4jEdgeInput implements EdgeInput {

    private final DigitalInput input;
    private final DeviceAddress address;
    private final LongSupplier nanoTime;
    private DigitalStateChangeListener registered;

    public Pi4jEdgeInput(DigitalInput input, DeviceAddress address, LongSupplier nanoTime) {
        this.input = input;
        this.address = address;
        this.nanoTime = nanoTime;
    }

    @Override
    public DeviceAddress address() {
        return address;
    }

    @Override
    public synchronized void listen(Listener listener) {
        if (registered != null) {
            input.removeListener(registered);
        }
        registered = event -> {
            // UNKNOWN is neither edge; a pulse counter must not count it.
            if (event.state() == DigitalState.HIGH || event.state() == DigitalState.LOW) {
                listener.edge(event.state() == DigitalState.HIGH, nanoTime.getAsLong());
            }
        };
        input.addListener(registered);
    }

    @Override
    public synchronized void close() {
        if (registered != null) {
            input.removeListener(registered);
            registered = null;
        }
    }
}

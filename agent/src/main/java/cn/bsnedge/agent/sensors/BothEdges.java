package cn.bsnedge.agent.sensors;

import cn.bsnedge.drivers.DeviceAddress;
import cn.bsnedge.drivers.io.EdgeInput;

/**
 * Makes every level change look like a rising edge, so a pulse meter that counts rising edges
 * counts both (config {@code edge: both}, for meters whose pulse is a level toggle). Debounce
 * still applies between any two counted edges.
 */
final class BothEdges implements EdgeInput {

    private final EdgeInput in;

    BothEdges(EdgeInput in) {
        this.in = in;
    }

    @Override
    public DeviceAddress address() {
        return in.address();
    }

    @Override
    public void listen(Listener listener) {
        in.listen((high, nanoTime) -> listener.edge(true, nanoTime));
    }

    @Override
    public void close() {
        in.close();
    }
}

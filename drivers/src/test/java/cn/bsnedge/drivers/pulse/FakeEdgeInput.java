package cn.bsnedge.drivers.pulse;

import cn.bsnedge.drivers.DeviceAddress;
import cn.bsnedge.drivers.io.EdgeInput;

/** A GPIO line the test toggles by hand, with the timestamps it chooses. */
final class FakeEdgeInput implements EdgeInput {

    private Listener listener;
    boolean closed;

    @Override
    public DeviceAddress address() {
        return DeviceAddress.gpio(17);
    }

    @Override
    public void listen(Listener l) {
        listener = l;
    }

    void edge(boolean high, long nanos) {
        listener.edge(high, nanos);
    }

    /** A clean pulse: falling at {@code at}, rising 50 ms later (open collector pulling the line low). */
    void pulse(long at) {
        edge(false, at);
        edge(true, at + 50_000_000L);
    }

    @Override
    public void close() {
        closed = true;
    }
}

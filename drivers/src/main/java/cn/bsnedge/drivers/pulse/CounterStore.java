package cn.bsnedge.drivers.pulse;

import java.io.IOException;

/** Where a pulse meter keeps its pulse count across restarts and power cuts. */
public interface CounterStore {

    /** The last saved count; 0 if nothing was ever saved. Throws rather than guess if the saved state is unreadable. */
    long load() throws IOException;

    /** Durably replaces the saved count: after this returns, a power cut cannot lose it. */
    void save(long pulses) throws IOException;
}

package cn.bsnedge.drivers.pms5003;

import cn.bsnedge.drivers.DeviceAddress;
import cn.bsnedge.drivers.io.ByteStream;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/** A serial line that delivers scripted chunks, one per read call, then "nothing yet". */
final class ScriptedByteStream implements ByteStream {

    private final Deque<byte[]> chunks = new ArrayDeque<>();
    boolean fail;
    boolean ended;

    void arrive(byte[]... cs) {
        for (byte[] c : cs) {
            chunks.add(c);
        }
    }

    @Override
    public DeviceAddress address() {
        return DeviceAddress.serial("/dev/serial0");
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        if (fail) {
            throw new IOException("Input/output error");
        }
        if (chunks.isEmpty()) {
            return ended ? -1 : 0;
        }
        byte[] c = chunks.poll();
        int n = Math.min(len, c.length);
        System.arraycopy(c, 0, buf, off, n);
        if (n < c.length) {
            chunks.addFirst(java.util.Arrays.copyOfRange(c, n, c.length));
        }
        return n;
    }
}

package cn.bsnedge.agent.transport.mqtt;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The receiver's view of the socket (see {@link SocketModule}):
 * <ul>
 * <li>reads wait for the gate (Paho #850);</li>
 * <li>the first packet, the CONNACK, is read whole and passed through {@link ConnackRewriter}
 * before Paho sees a byte of it;</li>
 * <li>if it is not complete within the connect timeout, the attempt fails.</li>
 * </ul>
 * Timeouts surface as {@link SocketTimeoutException}, which Paho's receiver treats as "nothing
 * yet, poll again"; bytes of the CONNACK read before a timeout are kept for the next read.
 */
final class GatedInputStream extends FilterInputStream {

    private final CountDownLatch gate;
    private final long connackDeadline;
    private final Duration connectTimeout;
    private final String server;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    /** The CONNACK as Paho gets it, and how much of it Paho has had; null until it is complete. */
    private byte[] first;
    private int served;
    private boolean passedFirst;

    GatedInputStream(InputStream in, CountDownLatch gate, Duration connectTimeout, String server) {
        super(in);
        this.gate = gate;
        this.connectTimeout = connectTimeout;
        this.connackDeadline = System.nanoTime() + connectTimeout.toNanos();
        this.server = server;
    }

    @Override
    public int read() throws IOException {
        passGate();
        if (!passedFirst) {
            if (!readFirstPacket()) {
                return -1;
            }
            int b = first[served++] & 0xFF;
            passedFirst = served == first.length;
            return b;
        }
        return super.read();
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        passGate();
        if (!passedFirst) {
            if (!readFirstPacket()) {
                return -1;
            }
            int n = Math.min(len, first.length - served);
            System.arraycopy(first, served, buf, off, n);
            served += n;
            passedFirst = served == first.length;
            return n;
        }
        return super.read(buf, off, len);
    }

    @Override
    public int available() throws IOException {
        return passedFirst ? super.available() : first == null ? 0 : first.length - served;
    }

    /** Reads until the first packet is complete; false if the broker closed the connection first. */
    private boolean readFirstPacket() throws IOException {
        while (first == null) {
            int b;
            try {
                b = super.read();
            } catch (SocketTimeoutException e) {
                throw checkDeadline(e);
            }
            if (b < 0) {
                // Closed mid-packet: give Paho what came (it will fail on the short packet), then EOF.
                first = partial.toByteArray();
                passedFirst = first.length == 0;
                return first.length > 0;
            }
            partial.write(b);
            byte[] soFar = partial.toByteArray();
            int length = ConnackRewriter.packetLength(soFar, soFar.length);
            if (length > 0 && soFar.length == length) {
                first = ConnackRewriter.withoutTopicAliases(soFar);
            }
        }
        return served < first.length;
    }

    private void passGate() throws IOException {
        try {
            if (!gate.await(SocketModule.READ_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                throw checkDeadline(new SocketTimeoutException("waiting for Paho's connect thread"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for Paho's connect thread");
        }
    }

    private IOException checkDeadline(SocketTimeoutException poll) {
        if (first == null && System.nanoTime() - connackDeadline > 0) {
            return new ConnackTimeoutException("broker " + server + " sent no CONNACK within " + connectTimeout
                    + " (mqtt.connectTimeout) after accepting the connection");
        }
        return poll;
    }
}

package cn.bsnedge.agent.transport.mqtt;

import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.internal.NetworkModule;
import org.eclipse.paho.mqttv5.common.MqttException;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.io.FilterOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;

/**
 * One connection attempt's socket, plain or TLS 1.3, in place of Paho's TCP and SSL modules. It
 * differs from them in four ways:
 * <ul>
 * <li>It closes Paho issue #850, a thread that never ends. Paho's connect thread starts the
 * receiver, the sender and the callback task in turn, and after each polls every 100 ms until it
 * sees that task running, swallowing interrupts. If the broker closes the connection early (with
 * TLS 1.3 that is what a broker refusing our client certificate does; so does any broker that
 * drops new connections), the receiver sees it and stops the others, and a task that started and
 * stopped between two polls is never seen running: the connect thread polls forever. Here the
 * receiver reads nothing until the sender writes the CONNECT packet, which Paho queues only
 * after all three tasks were seen running.</li>
 * <li>No CONNACK within the connect timeout fails the attempt; Paho would wait forever.</li>
 * <li>The CONNACK reaches Paho with Topic Alias Maximum 0 ({@link ConnackRewriter}).</li>
 * <li>TLS is 1.3 only, with the broker's name checked against its certificate.</li>
 * </ul>
 */
final class SocketModule implements NetworkModule {

    /** How long one read blocks before Paho's receiver loop looks at its state again (Paho uses the same). */
    static final int READ_POLL_MILLIS = 1000;
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|.*:.*");

    private final URI uri;
    private final Optional<SSLSocketFactory> tls;
    private final Duration connectTimeout;
    private final CountDownLatch connectThreadPassed = new CountDownLatch(1);
    private volatile Socket socket;
    /** Connected and handed to Paho: from here until the gate opens, stopping strands Paho's connect thread. */
    private volatile boolean started;
    private volatile boolean stopped;
    /** Set by {@link #refuseStart()}: a start that has not yet handed its socket to Paho fails instead. */
    private boolean refused;

    SocketModule(URI uri, Optional<SSLSocketFactory> tls, Duration connectTimeout) {
        this.uri = uri;
        this.tls = tls;
        this.connectTimeout = connectTimeout;
    }

    @Override
    public void start() throws IOException, MqttException {
        int timeout = Math.toIntExact(connectTimeout.toMillis());
        Socket raw = new Socket();
        synchronized (this) {
            if (refused) {
                throw new IOException("the link is closing; not connecting to " + uri);
            }
            socket = raw;
        }
        try {
            raw.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), timeout);
        } catch (ConnectException e) {
            raw.close();
            throw new MqttException(MqttClientException.REASON_CODE_SERVER_CONNECT_ERROR, e);
        } catch (IOException e) {
            raw.close();
            throw e;
        }
        raw.setTcpNoDelay(true);
        if (tls.isPresent()) {
            SSLSocket s = (SSLSocket) tls.get().createSocket(raw, uri.getHost(), uri.getPort(), true);
            socket = s;
            SSLParameters p = s.getSSLParameters();
            p.setProtocols(new String[] {"TLSv1.3"});
            p.setEndpointIdentificationAlgorithm("HTTPS");
            if (!IP_LITERAL.matcher(uri.getHost()).matches()) {
                p.setServerNames(List.of(new SNIHostName(uri.getHost())));
            }
            s.setSSLParameters(p);
            s.setSoTimeout(timeout);
            try {
                s.startHandshake();
            } catch (IOException e) {
                s.close();
                throw e;
            }
        }
        socket.setSoTimeout(READ_POLL_MILLIS);
        synchronized (this) {
            if (refused) {
                // Closed while connecting: fail now, before Paho starts a task that close could strand.
                socket.close();
                throw new IOException("the link closed while connecting to " + uri);
            }
            started = true;
        }
    }

    /**
     * Called by {@link ConnectionControl#close()} before it stops the connection. A start still
     * connecting fails when it gets there, so Paho starts no task; one already past that point is
     * waited for while {@link #inPahoStartup()}. Without the refusal, a start that got there
     * between close's look and its stop had its receiver
     * cancelled before that task ran (Paho's {@code stop} cancels the queued future), and the
     * connect thread then polled for it forever: the CI failure of {@code
     * ConnectFailureThreadsTest.closedRightAsARetryStarts_repeatedly_leavesNoThreads}.
     */
    synchronized void refuseStart() {
        refused = true;
    }

    /**
     * Whether Paho's connect thread is in its start-up polls (connected, CONNECT not yet written).
     * Stopping the connection then would strand that thread; {@link ConnectionControl#close()} waits.
     */
    boolean inPahoStartup() {
        return started && !stopped && connectThreadPassed.getCount() > 0;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return new GatedInputStream(socket.getInputStream(), connectThreadPassed, connectTimeout, uri.toString());
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        OutputStream out = socket.getOutputStream();
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                connectThreadPassed.countDown();
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                connectThreadPassed.countDown(); // the CONNECT: Paho's connect thread is past its polls
                out.write(b, off, len);
            }
        };
    }

    @Override
    public void stop() throws IOException {
        stopped = true;
        Socket s = socket;
        if (s == null) {
            return;
        }
        // The gate stays shut: a receiver started after this point must still look "running" to
        // Paho's connect thread for a while (its gated read polls for 1 s), or that thread polls forever.
        try {
            if (!(s instanceof SSLSocket)) {
                s.shutdownInput(); // a blocked read returns at once instead of at its next poll
            }
        } catch (IOException ignored) {
            // already closed by the peer; close below still frees the descriptor
        } finally {
            s.close();
        }
    }

    @Override
    public String getServerURI() {
        return uri.toString();
    }
}

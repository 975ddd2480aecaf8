package cn.bsnedge.node.mqtt;

import javax.net.SocketFactory;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The sockets Paho gets (as a plain {@code tcp://} factory, doing TLS 1.3 itself when asked). Their
 * input reads nothing until the first byte is written, which closes Paho issue #850: Paho's connect
 * task starts the receiver, the sender and the callback task in turn and polls every 100 ms, swallowing
 * interrupts, until it sees each running. A broker that closes the connection at once (with TLS 1.3,
 * that is how it refuses a missing or unknown client certificate) lets the receiver start and stop
 * between two polls, and the connect task polls forever: one stuck thread per attempt. Paho writes the
 * CONNECT only after all three were seen running, so gating reads on the first write keeps the
 * receiver alive until then. While gated, a read waits at most the socket timeout and then throws
 * {@link SocketTimeoutException}, which Paho's receiver treats as "nothing yet".
 */
final class GatedSocketFactory extends SocketFactory {

    private final SSLSocketFactory tls;
    private final String host;

    /** @param tls null for plain TCP; {@code host} is checked against the broker's certificate */
    GatedSocketFactory(SSLSocketFactory tls, String host) {
        this.tls = tls;
        this.host = host;
    }

    @Override
    public Socket createSocket() {
        return new GatedSocket(tls, host);
    }

    @Override
    public Socket createSocket(String h, int port) throws IOException {
        Socket s = createSocket();
        s.connect(new InetSocketAddress(h, port));
        return s;
    }

    @Override
    public Socket createSocket(String h, int port, InetAddress localHost, int localPort) throws IOException {
        return createSocket(h, port);
    }

    @Override
    public Socket createSocket(InetAddress h, int port) throws IOException {
        Socket s = createSocket();
        s.connect(new InetSocketAddress(h, port));
        return s;
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return createSocket(address, port);
    }

    private static final class GatedSocket extends Socket {
        private final SSLSocketFactory tls;
        private final String host;
        private final Socket raw = new Socket();
        private final CountDownLatch written = new CountDownLatch(1);
        private volatile Socket active = raw;
        private volatile boolean closed;

        GatedSocket(SSLSocketFactory tls, String host) {
            this.tls = tls;
            this.host = host;
        }

        @Override
        public void connect(SocketAddress endpoint) throws IOException {
            connect(endpoint, 0);
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            raw.connect(endpoint, timeout);
            if (tls != null) {
                int port = ((InetSocketAddress) endpoint).getPort();
                SSLSocket s = (SSLSocket) tls.createSocket(raw, host, port, true);
                SSLParameters p = s.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS"); // the broker's certificate must name the host
                s.setSSLParameters(p);
                s.setSoTimeout(timeout > 0 ? timeout : 10_000);
                s.startHandshake();
                active = s;
            }
        }

        @Override
        public void setSoTimeout(int timeout) throws java.net.SocketException {
            active.setSoTimeout(timeout);
        }

        @Override
        public int getSoTimeout() throws java.net.SocketException {
            return active.getSoTimeout();
        }

        @Override
        public InputStream getInputStream() throws IOException {
            InputStream in = active.getInputStream();
            return new InputStream() {
                private void awaitFirstWrite() throws IOException {
                    try {
                        int wait = Math.max(100, active.getSoTimeout());
                        if (!written.await(wait, TimeUnit.MILLISECONDS)) {
                            throw new SocketTimeoutException("nothing sent yet");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted before the first write");
                    }
                    if (closed) {
                        throw new java.net.SocketException("socket closed");
                    }
                }

                @Override
                public int read() throws IOException {
                    awaitFirstWrite();
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    awaitFirstWrite();
                    return in.read(b, off, len);
                }

                @Override
                public int available() throws IOException {
                    return written.getCount() == 0 ? in.available() : 0;
                }

                @Override
                public void close() throws IOException {
                    in.close();
                }
            };
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            OutputStream out = active.getOutputStream();
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    written.countDown();
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    written.countDown();
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }

                @Override
                public void close() throws IOException {
                    out.close();
                }
            };
        }

        @Override
        public void shutdownInput() throws IOException {
            try {
                active.shutdownInput();
            } catch (UnsupportedOperationException | IOException ignored) {
                // Closing follows; an SSL socket may not support half-close.
            }
        }

        @Override
        public void shutdownOutput() throws IOException {
            try {
                active.shutdownOutput();
            } catch (UnsupportedOperationException | IOException ignored) {
                // Closing follows.
            }
        }

        @Override
        public synchronized void close() throws IOException {
            closed = true;
            written.countDown();
            active.close();
            raw.close();
        }

        @Override
        public boolean isConnected() {
            return raw.isConnected();
        }

        @Override
        public boolean isClosed() {
            return closed || raw.isClosed();
        }

        @Override
        public InetAddress getInetAddress() {
            return raw.getInetAddress();
        }

        @Override
        public int getPort() {
            return raw.getPort();
        }

        @Override
        public void setTcpNoDelay(boolean on) throws java.net.SocketException {
            raw.setTcpNoDelay(on);
        }
    }
}

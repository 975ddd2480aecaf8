package cn.bsnedge.agent.transport.mqtt;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The start-up window that close must respect (Paho #850 and the close race): a start refused
 * before it connects fails, so Paho starts no task; one that had connected stays "in start-up"
 * until the CONNECT is written, and close waits for that.
 */
class SocketModuleTest {

    private static SocketModule module(ServerSocket server) {
        return new SocketModule(URI.create("tcp://127.0.0.1:" + server.getLocalPort()), Optional.empty(), Duration.ofSeconds(5));
    }

    private static ServerSocket server() throws IOException {
        return new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    }

    @Test
    void refusedBeforeStart_startFails_andIsNeverInStartup() throws Exception {
        try (ServerSocket server = server()) {
            SocketModule m = module(server);
            m.refuseStart();
            IOException e = assertThrows(IOException.class, m::start);
            assertTrue(e.getMessage().contains("closing"), e.getMessage());
            assertFalse(m.inPahoStartup());
        }
    }

    @Test
    void startedThenRefused_staysInStartupUntilTheConnectIsWritten() throws Exception {
        try (ServerSocket server = server()) {
            SocketModule m = module(server);
            assertFalse(m.inPahoStartup(), "not before it connects");
            m.start();
            try (Socket peer = server.accept()) {
                assertTrue(m.inPahoStartup());
                m.refuseStart();
                assertTrue(m.inPahoStartup(), "a refusal cannot undo a start Paho already has");
                m.getOutputStream().write(new byte[] {0x10, 0x00}, 0, 2); // the CONNECT's first bytes
                assertFalse(m.inPahoStartup());
                assertEquals(0x10, peer.getInputStream().read());
            } finally {
                m.stop();
            }
        }
    }

    @Test
    void stoppedInStartup_isNoLongerInStartup() throws Exception {
        try (ServerSocket server = server()) {
            SocketModule m = module(server);
            m.start();
            try (Socket peer = server.accept()) {
                m.stop();
                assertFalse(m.inPahoStartup());
            }
        }
    }
}

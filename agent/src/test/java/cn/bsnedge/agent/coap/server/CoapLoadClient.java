package cn.bsnedge.agent.coap.server;

import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load side of {@code bench/coap-load.sh}, in a JVM of its own so the gateway's CPU is
 * measured alone: one DTLS-PSK session posting SenML JSON packs of {@code records} readings with
 * {@code window} requests in flight, for {@code seconds}. Prints what the gateway answered.
 * Args: URI IDENTITY KEY_HEX SECONDS RECORDS WINDOW
 */
public final class CoapLoadClient {

    static final int SESSIONS = 8;

    public static void main(String[] args) throws Exception {
        String uri = args[0];
        String identity = args[1];
        byte[] key = HexFormat.of().parseHex(args[2]);
        long seconds = Long.parseLong(args[3]);
        int records = Integer.parseInt(args[4]);
        int window = Integer.parseInt(args[5]);
        StringBuilder pack = new StringBuilder("[{\"bn\":\"" + identity + "/\",\"bu\":\"Cel\",\"n\":\"temperature\",\"v\":20.00}");
        for (int i = 1; i < records; i++) {
            pack.append(",{\"n\":\"temperature\",\"t\":-").append(i).append(",\"v\":20.").append(String.format("%02d", i % 100)).append('}');
        }
        byte[] payload = pack.append(']').toString().getBytes(StandardCharsets.UTF_8);

        Configuration config = CoapGatewayServer.configuration(65_536);
        config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        // A CoAP peer has 2^16 message IDs per 247 s exchange lifetime (RFC 7252 §4.4): one session
        // stalls after 65,536 requests, so the load is spread over SESSIONS sessions, as sensors would.
        CoapEndpoint[] eps = new CoapEndpoint[SESSIONS];
        CoapClient[] clients = new CoapClient[SESSIONS];
        for (int i = 0; i < SESSIONS; i++) {
            eps[i] = new CoapEndpoint.Builder().setConfiguration(config).setConnector(new DTLSConnector(
                    DtlsConnectorConfig.builder(config).setAddress(new InetSocketAddress("127.0.0.1", 0))
                            .setAdvancedPskStore(new AdvancedSinglePskStore(identity, key)).build())).build();
            clients[i] = new CoapClient(uri);
            clients[i].setEndpoint(eps[i]);
            clients[i].setTimeout(10_000L);
            clients[i].post(payload, MediaTypeRegistry.APPLICATION_SENML_JSON); // handshake outside the window
        }

        Semaphore inFlight = new Semaphore(window);
        AtomicLong ok = new AtomicLong();
        AtomicLong other = new AtomicLong();
        java.util.concurrent.atomic.AtomicReference<String> firstOther = new java.util.concurrent.atomic.AtomicReference<>("");
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long sent = 0;
        while (System.nanoTime() - end < 0) {
            inFlight.acquire();
            Request r = Request.newPost();
            r.setURI(uri);
            r.setPayload(payload);
            r.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_SENML_JSON);
            clients[(int) (sent % SESSIONS)].advanced(new CoapHandler() {
                @Override
                public void onLoad(CoapResponse response) {
                    (response.getCode() == ResponseCode.CHANGED ? ok : other).incrementAndGet();
                    if (response.getCode() != ResponseCode.CHANGED) {
                        firstOther.compareAndSet("", response.getCode() + " " + response.getResponseText());
                    }
                    inFlight.release();
                }

                @Override
                public void onError() {
                    firstOther.compareAndSet("", "error: " + r.getSendError() + " rejected=" + r.isRejected() + " timedOut=" + r.isTimedOut());
                    other.incrementAndGet();
                    inFlight.release();
                }
            }, r);
            sent++;
        }
        inFlight.acquire(window);
        System.out.println("requests=" + sent + " changed=" + ok.get() + " other=" + other.get() + " readings=" + ok.get() * records + " firstOther=" + firstOther.get());
        for (int i = 0; i < SESSIONS; i++) {
            clients[i].shutdown();
            eps[i].destroy();
        }
    }
}

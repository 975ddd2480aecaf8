package cn.bsnedge.agent.coap.server;

import cn.bsnedge.agent.pipeline.NoThreadsLeft;
import cn.bsnedge.agent.pipeline.PushIntake.Standing;
import cn.bsnedge.ledger.entry.ClockQuality;
import cn.bsnedge.ledger.entry.Reading;
import cn.bsnedge.ledger.entry.ReadingValue;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapObserveRelation;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.WebLink;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static cn.bsnedge.agent.coap.server.CoapFixture.HUM;
import static cn.bsnedge.agent.coap.server.CoapFixture.HUM_KEY;
import static cn.bsnedge.agent.coap.server.CoapFixture.TMP;
import static cn.bsnedge.agent.coap.server.CoapFixture.TMP_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server over Californium's own client, in process, on loopback. */
@ExtendWith(NoThreadsLeft.class)
class CoapServerTest {

    static final String TMP_PACK = "[{\"bn\":\"88.1001.31/TMP-0001/\",\"bu\":\"Cel\",\"n\":\"temperature\",\"v\":21.40},"
            + "{\"n\":\"temperature\",\"t\":-10,\"v\":21.3}]";

    private CoapFixture f;

    @AfterEach
    void close() throws Exception {
        if (f != null) {
            f.close();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private CoapResponse post(CoapClient c, String pack, int format) throws Exception {
        CoapResponse r = c.post(utf8(pack), format);
        assertNotNull(r, "no response within the client's 15 s");
        return r;
    }

    @Test
    void plainPost_json_readingsEnterThePipeline_withSeqsAndGatewayStamps(@TempDir Path data) throws Exception {
        f = new CoapFixture(data, true, 16_384, 10);
        CoapResponse r = post(f.plainClient("readings"), TMP_PACK, MediaTypeRegistry.APPLICATION_SENML_JSON);
        assertEquals(ResponseCode.CHANGED, r.getCode(), r.getResponseText());
        assertEquals("2 readings, seq 2..3", r.getResponseText());
        assertEquals(2, f.sealed.size());
        Reading first = f.sealed.getFirst();
        assertEquals(TMP, first.sensor());
        assertEquals(new ReadingValue.Decimal(2140, 2), first.value());
        assertEquals(CoapFixture.NOW.toEpochMilli(), first.time().units());
        assertEquals(CoapFixture.NOW.toEpochMilli() - 10_000, f.sealed.get(1).time().units());
        assertEquals(ClockQuality.SYNCED, first.clock());
    }

    @Test
    void dtlsPost_cbor_withTheSensorsKey_isAccepted(@TempDir Path data) throws Exception {
        f = new CoapFixture(data, false, 16_384, 10);
        // [{-2 (bn): "88.1001.31/HUM-0002/", 0 (n): "humidity", 1 (u): "%RH", 2 (v): 45 (uint)}]
        byte[] cbor = HexFormat.of().parseHex("81a4" + "2174" + HexFormat.of().formatHex(utf8("88.1001.31/HUM-0002/"))
                + "0068" + HexFormat.of().formatHex(utf8("humidity")) + "0163" + HexFormat.of().formatHex(utf8("%RH")) + "02182d");
        CoapResponse r = f.dtlsClient("readings", HUM.value(), HUM_KEY).post(cbor, MediaTypeRegistry.APPLICATION_SENML_CBOR);
        assertNotNull(r, "a response over DTLS");
        assertEquals(ResponseCode.CHANGED, r.getCode(), r.getResponseText());
        assertEquals(List.of(HUM), f.sealed.stream().map(Reading::sensor).toList());
        assertEquals(new ReadingValue.Decimal(45, 0), f.sealed.getFirst().value());
    }

    @Test
    void dtls_wrongKey_unknownIdentity_orNoPsk_failTheHandshake_nothingSealed(@TempDir Path data) throws Exception {
        f = new CoapFixture(data, false, 16_384, 10);
        assertNoResponse(f.dtlsClient("readings", TMP.value(), HUM_KEY));                    // wrong key
        assertNoResponse(f.dtlsClient("readings", "88.1001.31/XXX-9", TMP_KEY));             // no key for this identity
        assertNoResponse(f.dtlsClient("readings", CoapFixture.WIRED.value(), TMP_KEY));      // not a pushing sensor
        assertNoResponse(f.plainClientTo(f.server.dtlsAddress().getPort(), "readings"));   // no DTLS at all
        assertEquals(List.of(), f.sealed);
    }

    private void assertNoResponse(CoapClient c) {
        c.setTimeout(3_000L); // waiting for what must not come: a short wait can only miss a late answer, never invent one
        CoapResponse r;
        try {
            r = c.post(utf8(TMP_PACK), MediaTypeRegistry.APPLICATION_SENML_JSON);
        } catch (Exception e) {
            return; // the handshake failed: that is the point
        }
        assertNull(r, () -> "a response without a valid handshake: " + r.getCode() + " " + r.getResponseText());
    }

    @Test
    void dtls_identityMayOnlyPushItsOwnReadings(@TempDir Path data) throws Exception {
        f = new CoapFixture(data, false, 16_384, 10);
        CoapResponse r = post(f.dtlsClient("readings", HUM.value(), HUM_KEY), TMP_PACK, MediaTypeRegistry.APPLICATION_SENML_JSON);
        assertEquals(ResponseCode.FORBIDDEN, r.getCode());
        assertTrue(r.getResponseText().contains("may not push readings of 88.1001.31/TMP-0001"), r.getResponseText());
        assertEquals(List.of(), f.sealed);
    }

    @Test
    void badInput_getsTheRightCode_andADiagnostic_andNothingIsSealed(@TempDir Path data) throws Exception {
        f = new CoapFixture(data, true, 256, 1000);
        CoapClient c = f.plainClient("readings");
        f.registry.put(HUM, new Standing(Standing.Status.RETIRED, true, 5));
        Object[][] cases = {
                {"[{\"n\":\"x\"", 110, ResponseCode.BAD_REQUEST, "not valid JSON"},
                {"[{\"bn\":\"88.1001.31/TMP-0001/\",\"n\":\"temperature\",\"u\":\"degC\",\"v\":1}]", 110, ResponseCode.BAD_REQUEST, "unit 'degC' is not in the SenML units registry"},
                {"[{\"n\":\"88.1001.31/TMP-0001\",\"u\":\"Cel\",\"v\":1}]", 110, ResponseCode.BAD_REQUEST, "the name is not CODE/QUANTITY"},
                {"[{\"bn\":\"88.1001.31/TMP-0001/\",\"n\":\"temperature\",\"u\":\"Cel\",\"vs\":\"warm\"}]", 110, ResponseCode.BAD_REQUEST, "readings are numbers"},
                {"[{\"bn\":\"88.1001.31/TMP-0001/\",\"n\":\"temperature\",\"u\":\"Cel\",\"v\":1,\"t\":5}]", 110, ResponseCode.BAD_REQUEST, "in the future"},
                {"[{\"bn\":\"88.1001.31/XXX-0009/\",\"n\":\"temperature\",\"u\":\"Cel\",\"v\":1}]", 110, ResponseCode.FORBIDDEN, "not declared on this gateway"},
                {"[{\"bn\":\"88.1001.31/HUM-0002/\",\"n\":\"humidity\",\"u\":\"%RH\",\"v\":1}]", 110, ResponseCode.FORBIDDEN, "is retired"},
                {TMP_PACK, MediaTypeRegistry.TEXT_PLAIN, ResponseCode.UNSUPPORTED_CONTENT_FORMAT, "want 110 (application/senml+json) or 112"},
                {TMP_PACK, MediaTypeRegistry.UNDEFINED, ResponseCode.UNSUPPORTED_CONTENT_FORMAT, "Content-Format missing"},
                {"[" + "{\"n\":\"88.1001.31/TMP-0001/t\",\"u\":\"Cel\",\"v\":1},".repeat(9) + "{}]", 110, ResponseCode.REQUEST_ENTITY_TOO_LARGE, "too large"},
        };
        for (Object[] k : cases) {
            CoapResponse r = post(c, (String) k[0], (Integer) k[1]);
            assertEquals(k[2], r.getCode(), k[0] + " -> " + r.getResponseText());
            assertTrue(r.getResponseText().contains((String) k[3]), k[0] + " -> " + r.getResponseText());
        }
        assertEquals(List.of(), f.sealed);
    }

    @Test
    void blockwisePost_withinTheLimit_isReassembled_beyondItIs4_13(@TempDir Path data) throws Exception {
        f = new CoapFixture(data, true, 4096, 1000);
        StringBuilder pack = new StringBuilder("[{\"bn\":\"88.1001.31/TMP-0001/\",\"bu\":\"Cel\",\"n\":\"temperature\",\"v\":20}");
        for (int i = 1; i < 60; i++) {
            pack.append(",{\"n\":\"temperature\",\"t\":-").append(i).append(",\"v\":20.").append(i).append('}');
        }
        pack.append(']');
        assertTrue(pack.length() > 1024 && pack.length() < 4096, "needs block-wise (MAX_MESSAGE_SIZE 1024): " + pack.length());
        CoapResponse r = post(f.plainClient("readings"), pack.toString(), MediaTypeRegistry.APPLICATION_SENML_JSON);
        assertEquals(ResponseCode.CHANGED, r.getCode(), r.getResponseText());
        assertEquals(60, f.sealed.size());
        String big = pack.toString().replace("]", "," + pack.substring(1));
        CoapResponse tooBig = post(f.plainClient("readings"), big, MediaTypeRegistry.APPLICATION_SENML_JSON);
        assertEquals(ResponseCode.REQUEST_ENTITY_TOO_LARGE, tooBig.getCode());
        assertEquals(60, f.sealed.size());
    }

    @Test
    void tooFast_is4_29WithMaxAge(@TempDir Path data) throws Exception {
        f = new CoapFixture(data, true, 16_384, 2, () -> 0L); // frozen: a slow round trip must not earn a token
        CoapClient c = f.plainClient("readings");
        assertEquals(ResponseCode.CHANGED, post(c, TMP_PACK, 110).getCode());
        assertEquals(ResponseCode.CHANGED, post(c, TMP_PACK, 110).getCode());
        CoapResponse r = post(c, TMP_PACK, 110);
        assertEquals(ResponseCode.TOO_MANY_REQUESTS, r.getCode());
        assertEquals(1L, r.getOptions().getMaxAge(), "one token per half interval (1 s): retry within a second");
        assertEquals(4, f.sealed.size());
    }

    @Test
    void saturatedPipeline_is5_03WithMaxAge(@TempDir Path data) throws Exception {
        f = new CoapFixture(data, true, 16_384, 10);
        f.room = 1;
        CoapResponse r = post(f.plainClient("readings"), TMP_PACK, 110);
        assertEquals(ResponseCode.SERVICE_UNAVAILABLE, r.getCode());
        assertEquals((long) ReadingsResource.BUSY_RETRY_SECONDS, r.getOptions().getMaxAge());
        assertEquals(List.of(), f.sealed);
    }

    @Test
    void wellKnownCore_listsReadingsAndObservableStatus_inLinkFormat(@TempDir Path data) throws Exception {
        f = new CoapFixture(data, true, 16_384, 10);
        CoapResponse r = f.plainClient(".well-known/core").get();
        assertEquals(MediaTypeRegistry.APPLICATION_LINK_FORMAT, r.getOptions().getContentFormat());
        Set<WebLink> links = org.eclipse.californium.core.coap.LinkFormat.parse(r.getResponseText());
        var byUri = links.stream().collect(Collectors.toMap(WebLink::getURI, l -> l));
        assertTrue(byUri.containsKey("/readings") && byUri.containsKey("/status"), r.getResponseText());
        assertTrue(byUri.get("/status").getAttributes().containsAttribute("obs"), r.getResponseText());
        assertTrue(byUri.get("/readings").getAttributes().getContentTypes().contains("110"), r.getResponseText());
    }

    @Test
    void status_isObservable_andNotifiesWhenTheChainMoves(@TempDir Path data) throws Exception {
        f = new CoapFixture(data, true, 16_384, 10);
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        CoapClient c = f.plainClient("status");
        CoapObserveRelation rel = c.observe(new CoapHandler() {
            @Override
            public void onLoad(CoapResponse response) {
                seen.add(response.getResponseText());
            }

            @Override
            public void onError() {
            }
        });
        String first = seen.poll(20, TimeUnit.SECONDS);
        assertNotNull(first);
        assertTrue(first.contains("\"height\":0") && first.contains("\"lastAnchor\":\"none\""), first);
        post(f.plainClient("readings"), TMP_PACK, 110);
        f.server.refreshStatus();
        // The server's own 1 s refresh may notify between the pack's two readings: wait for the height after both.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<String> notes = new java.util.ArrayList<>();
        while (notes.stream().noneMatch(n -> n.contains("\"height\":2")) && System.nanoTime() < deadline) {
            String next = seen.poll(100, TimeUnit.MILLISECONDS);
            if (next != null) {
                notes.add(next);
            }
        }
        assertTrue(notes.stream().anyMatch(n -> n.contains("\"height\":2")), "a notification after the change: " + notes);
        rel.proactiveCancel();
    }
}

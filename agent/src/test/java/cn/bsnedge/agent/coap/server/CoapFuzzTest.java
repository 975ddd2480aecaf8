package cn.bsnedge.agent.coap.server;

import cn.bsnedge.agent.coap.SenmlReadings;
import cn.bsnedge.agent.coap.senml.SenmlException;
import cn.bsnedge.agent.coap.senml.SenmlPack;
import cn.bsnedge.agent.pipeline.NoThreadsLeft;
import cn.bsnedge.agent.pipeline.PushedReadings.Outcome;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Malformed SenML packs and CoAP datagrams, {@value #DEFAULT_COUNT} per run by default (set
 * COAP_FUZZ_COUNT for a soak: bench/coap-fuzz.sh, which picks a new seed each run). Seeded, so
 * a failure replays (COAP_FUZZ_SEED=...): the seed is in the message. Invariants: no exception but {@link SenmlException} from the decoder; a reading
 * reaches the pipeline only from a pack the decoder accepts; garbage datagrams seal nothing, the
 * server still answers afterwards, no thread is left and the heap is flat.
 */
@ExtendWith(NoThreadsLeft.class)
class CoapFuzzTest {

    /** The CI run's seed; 13423576069513 found the far-future time bug (SenmlReadingsTest). */
    static final long CI_SEED = 13423576069513L;


    static final int DEFAULT_COUNT = 100_000;

    private static int count() {
        String env = System.getenv("COAP_FUZZ_COUNT");
        return env == null ? DEFAULT_COUNT : Integer.parseInt(env);
    }

    private static final byte[][] JSON_SEEDS = {
            CoapServerTest.TMP_PACK.getBytes(StandardCharsets.UTF_8),
            SenmlPackTestVectors.RFC_5_1_3.getBytes(StandardCharsets.UTF_8),
            "[{\"bn\":\"88.1001.31/TMP-0001/\",\"bt\":1.7e9,\"bu\":\"Cel\",\"bv\":20,\"n\":\"temperature\",\"v\":1.25,\"s\":3}]".getBytes(StandardCharsets.UTF_8)};
    private static final byte[][] CBOR_SEEDS = {
            HexFormat.of().parseHex(SenmlPackTestVectors.RFC_6_CBOR),
            HexFormat.of().parseHex("81a42174" + HexFormat.of().formatHex("88.1001.31/TMP-0001/".getBytes(StandardCharsets.UTF_8))
                    + "2363" + HexFormat.of().formatHex("Cel".getBytes(StandardCharsets.UTF_8))
                    + "006b" + HexFormat.of().formatHex("temperature".getBytes(StandardCharsets.UTF_8)) + "02f94d60")};

    static byte[] mutate(byte[] seed, Random rnd) {
        byte[] b = seed.clone();
        switch (rnd.nextInt(6)) {
            case 0 -> { // flip 1..4 bits
                for (int i = rnd.nextInt(4); i >= 0; i--) {
                    b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            case 1 -> b = Arrays.copyOf(b, rnd.nextInt(b.length)); // truncate
            case 2 -> { // overwrite a run with random bytes
                int at = rnd.nextInt(b.length);
                for (int i = at; i < Math.min(b.length, at + 1 + rnd.nextInt(8)); i++) {
                    b[i] = (byte) rnd.nextInt(256);
                }
            }
            case 3 -> { // duplicate a slice (nesting, repeated keys, long arrays)
                int from = rnd.nextInt(b.length);
                int len = 1 + rnd.nextInt(Math.min(32, b.length - from));
                byte[] out = new byte[b.length + len];
                System.arraycopy(b, 0, out, 0, from + len);
                System.arraycopy(b, from, out, from + len, b.length - from);
                b = out;
            }
            case 4 -> { // interesting bytes: CBOR majors, JSON structure
                byte[] pick = {0x00, (byte) 0xff, (byte) 0x9f, (byte) 0xbf, (byte) 0xf9, (byte) 0xfb, 0x5b, '[', '{', '"', ':', ',', '-', 'e'};
                b[rnd.nextInt(b.length)] = pick[rnd.nextInt(pick.length)];
            }
            default -> { // pure noise
                b = new byte[rnd.nextInt(64)];
                rnd.nextBytes(b);
            }
        }
        return b;
    }

    @Test
    void malformedPacksAndDatagrams_crashNothing_sealOnlyWhatDecodes(@TempDir Path data) throws Exception {
        // The CI run is the same 100,000 cases every time, so a red build means a change broke
        // something; the soak (bench/coap-fuzz.sh) explores new seeds. COAP_FUZZ_SEED replays one.
        long seed = System.getenv("COAP_FUZZ_SEED") != null ? Long.parseLong(System.getenv("COAP_FUZZ_SEED"))
                : System.getenv("COAP_FUZZ_COUNT") != null ? System.nanoTime() : CI_SEED;
        int n = count();
        long heapBefore = usedHeapAfterGc();
        try (CoapFixture f = new CoapFixture(data, true, 16_384, 1_000_000)) {
            Random rnd = new Random(seed);
            int decoded = 0;
            int sealedByDecoded = 0;
            // Half the budget: packs straight into decoder + intake.
            for (int i = 0; i < n / 2; i++) {
                boolean cbor = rnd.nextBoolean();
                byte[][] seeds = cbor ? CBOR_SEEDS : JSON_SEEDS;
                byte[] pack = mutate(seeds[rnd.nextInt(seeds.length)], rnd);
                SenmlReadings.Push push;
                try {
                    push = SenmlReadings.of(cbor ? SenmlPack.cbor(pack) : SenmlPack.json(pack));
                } catch (SenmlException expected) {
                    continue;
                } catch (RuntimeException | StackOverflowError e) {
                    throw new AssertionError("seed " + seed + " case " + i + ": " + HexFormat.of().formatHex(pack), e);
                }
                decoded++;
                int before = f.sealed.size();
                Outcome o = f.intake.push(push.sensor(), push.values());
                if (o instanceof Outcome.Accepted a) {
                    sealedByDecoded += a.count();
                }
                assertEquals(before + (o instanceof Outcome.Accepted a ? a.count() : 0), f.sealed.size(), "seed " + seed);
            }
            assertEquals(sealedByDecoded, f.sealed.size(), "only decoded packs reach the pipeline (seed " + seed + ")");
            int sealedBefore = f.sealed.size();
            // The other half on the wire, to the plain endpoint: noise and mutated POSTs of a code nobody may push.
            InetSocketAddress to = f.server.plainAddress().orElseThrow();
            byte[] unknown = "[{\"bn\":\"88.1001.31/FUZ-0001/\",\"bu\":\"Cel\",\"n\":\"temperature\",\"v\":1}]".getBytes(StandardCharsets.UTF_8);
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
                for (int i = 0; i < n - n / 2; i++) {
                    byte[] d = rnd.nextInt(3) == 0 ? mutate(new byte[]{0x40}, rnd) : mutate(post(unknown, rnd.nextInt(65536)), rnd);
                    s.send(new DatagramPacket(d, d.length, to));
                    if ((i & 255) == 0) {
                        LockSupport.parkNanos(200_000); // pace the flood a little: the point is the parser, not UDP drops
                    }
                }
            }
            CoapResponse alive = f.plainClient("readings").post(CoapServerTest.TMP_PACK.getBytes(StandardCharsets.UTF_8), 110);
            assertNotNull(alive, "no answer within 15 s after the flood (seed " + seed + ")");
            assertEquals(ResponseCode.CHANGED, alive.getCode(), "the server still answers after the flood (seed " + seed + ")");
            assertEquals(sealedBefore + 2, f.sealed.size(), "no datagram sealed anything (seed " + seed + ")");
            assertTrue(decoded > 0, "some mutated packs still decode, so the intake was exercised too (seed " + seed + ")");
        }
        long heapAfter = usedHeapAfterGc();
        assertTrue(heapAfter - heapBefore < 32L << 20, "heap grew by " + ((heapAfter - heapBefore) >> 20) + " MB (seed " + seed + ")");
    }

    /** A confirmable CoAP POST /readings, Content-Format 110, with {@code payload} (RFC 7252 §3). */
    static byte[] post(byte[] payload, int mid) {
        List<Byte> b = new ArrayList<>();
        for (int x : new int[]{0x41, 0x02, mid >> 8 & 0xff, mid & 0xff, 0x7a, // ver 1 CON tkl 1, POST, message id, token 0x7a
                0xb8, 'r', 'e', 'a', 'd', 'i', 'n', 'g', 's',                     // Uri-Path (11), 8 bytes
                0x11, 110,                                                       // Content-Format (12 = 11 + 1), 1 byte: 110
                0xff}) {                                                          // payload marker
            b.add((byte) x);
        }
        byte[] out = new byte[b.size() + payload.length];
        for (int i = 0; i < b.size(); i++) {
            out[i] = b.get(i);
        }
        System.arraycopy(payload, 0, out, b.size(), payload.length);
        return out;
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            LockSupport.parkNanos(50_000_000);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}

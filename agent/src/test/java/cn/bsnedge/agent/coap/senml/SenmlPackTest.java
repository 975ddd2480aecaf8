package cn.bsnedge.agent.coap.senml;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SenML packs from RFC 8428 §5 and §6 as outside vectors, and malformed packs on commented bytes.
 * The RFC's own resolved form (§5.1.4 for §5.1.3) is the expected result.
 */
public class SenmlPackTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static SenmlValue.Numeric num(String v) {
        return new SenmlValue.Numeric(SenmlNumber.of(new BigDecimal(v)));
    }

    @Test
    void rfc8428_5_1_1_singleDatapoint() throws Exception {
        List<SenmlRecord> r = SenmlPack.json(utf8("[{\"n\":\"urn:dev:ow:10e2073a01080063\",\"u\":\"Cel\",\"v\":23.1}]"));
        assertEquals(List.of(new SenmlRecord("urn:dev:ow:10e2073a01080063", Optional.of("Cel"), Optional.of(num("23.1")),
                Optional.empty(), SenmlTime.NOW)), r);
        assertTrue(r.getFirst().time().relative(), "no time: roughly now");
    }

    @Test
    void rfc8428_5_1_2_multipleDatapoints_baseNameIsPrefixed() throws Exception {
        List<SenmlRecord> r = SenmlPack.json(utf8("""
                [
                  {"bn":"urn:dev:ow:10e2073a01080063:","n":"voltage","u":"V","v":120.1},
                  {"n":"current","u":"A","v":1.2}
                ]"""));
        assertEquals("urn:dev:ow:10e2073a01080063:voltage", r.get(0).name());
        assertEquals("urn:dev:ow:10e2073a01080063:current", r.get(1).name());
        assertEquals(Optional.of("A"), r.get(1).unit());
        assertEquals(Optional.of(num("1.2")), r.get(1).value());
    }

    /** RFC 8428 §5.1.3, and its resolved form as §5.1.4 prints it. */
    public static final String RFC_5_1_3 = """
            [
              {"bn":"urn:dev:ow:10e2073a0108006:","bt":1.276020076001e+09,
               "bu":"A","bver":5,
               "n":"voltage","u":"V","v":120.1},
              {"n":"current","t":-5,"v":1.2},
              {"n":"current","t":-4,"v":1.3},
              {"n":"current","t":-3,"v":1.4},
              {"n":"current","t":-2,"v":1.5},
              {"n":"current","t":-1,"v":1.6},
              {"n":"current","v":1.7}
            ]""";

    private static void assertResolvedAsRfc5_1_4(List<SenmlRecord> r) {
        String[][] want = {
                {"urn:dev:ow:10e2073a0108006:voltage", "V", "1276020076.001", "120.1"},
                {"urn:dev:ow:10e2073a0108006:current", "A", "1276020071.001", "1.2"},
                {"urn:dev:ow:10e2073a0108006:current", "A", "1276020072.001", "1.3"},
                {"urn:dev:ow:10e2073a0108006:current", "A", "1276020073.001", "1.4"},
                {"urn:dev:ow:10e2073a0108006:current", "A", "1276020074.001", "1.5"},
                {"urn:dev:ow:10e2073a0108006:current", "A", "1276020075.001", "1.6"},
                {"urn:dev:ow:10e2073a0108006:current", "A", "1276020076.001", "1.7"}};
        assertEquals(want.length, r.size());
        for (int i = 0; i < want.length; i++) {
            SenmlRecord x = r.get(i);
            assertEquals(want[i][0], x.name(), "record " + i);
            assertEquals(Optional.of(want[i][1]), x.unit(), "record " + i);
            assertEquals(0, new BigDecimal(want[i][2]).compareTo(x.time().seconds().setScale(3, java.math.RoundingMode.HALF_EVEN)), "record " + i + " time " + x.time());
            assertTrue(!x.time().relative(), "1.276e9 >= 2^28: absolute");
            SenmlNumber v = ((SenmlValue.Numeric) x.value().orElseThrow()).value();
            assertEquals(Double.parseDouble(want[i][3]), v.exact().doubleValue(), 0.0, "record " + i);
        }
    }

    @Test
    void rfc8428_5_1_3_multipleMeasurements_resolveAs5_1_4() throws Exception {
        List<SenmlRecord> r = SenmlPack.json(utf8(RFC_5_1_3));
        assertResolvedAsRfc5_1_4(r);
        // JSON decimals stay exact: 1276020076.001 - 5 is exactly 1276020071.001
        assertEquals(new BigDecimal("1276020071.001"), r.get(1).time().seconds().stripTrailingZeros());
    }

    /** RFC 8428 §6: the CBOR dump of the §5.1.3 pack, byte for byte (195 bytes). */
    public static final String RFC_6_CBOR = String.join("",
            "87",                                       // array(7)
            "a7",                                       // map(7)
            "21 78 1b 75726e3a6465763a6f773a3130653230373361303130383030363a", // -2 (bn): text(27) "urn:dev:ow:10e2073a0108006:"
            "22 fb 41d303a15b001062",                   // -3 (bt): float64 1276020076.001
            "23 61 41",                                 // -4 (bu): "A"
            "20 05",                                    // -1 (bver): 5
            "00 67 766f6c74616765",                     // 0 (n): "voltage"
            "01 61 56",                                 // 1 (u): "V"
            "02 fb 405e066666666666",                   // 2 (v): float64 120.1
            "a3 00 67 63757272656e74 06 24 02 fb 3ff3333333333333", // {n: "current", t: -5, v: 1.2}
            "a3 00 67 63757272656e74 06 23 02 fb 3ff4cccccccccccd", // {n: "current", t: -4, v: 1.3}
            "a3 00 67 63757272656e74 06 22 02 fb 3ff6666666666666", // {n: "current", t: -3, v: 1.4}
            "a3 00 67 63757272656e74 06 21 02 f9 3e00",             // {n: "current", t: -2, v: float16 1.5}
            "a3 00 67 63757272656e74 06 20 02 fb 3ff999999999999a", // {n: "current", t: -1, v: 1.6}
            "a3 00 67 63757272656e74 06 00 02 fb 3ffb333333333333"  // {n: "current", t: 0, v: 1.7}
    ).replace(" ", "");

    @Test
    void rfc8428_6_cborDump_resolvesLikeTheJson() throws Exception {
        byte[] cbor = HexFormat.of().parseHex(RFC_6_CBOR);
        assertEquals(0xc3, cbor.length, "the RFC's dump is 0xc3 bytes");
        List<SenmlRecord> r = SenmlPack.cbor(cbor);
        assertResolvedAsRfc5_1_4(r);
        // CBOR floats stay binary, bit for bit: 1.2 is the double nearest 1.2
        assertEquals(new SenmlValue.Numeric(SenmlNumber.of(1.2)), r.get(1).value().orElseThrow());
    }

    @Test
    void rfc8428_5_1_5_multipleDataTypes() throws Exception {
        List<SenmlRecord> r = SenmlPack.json(utf8("""
                [
                  {"bn":"urn:dev:ow:10e2073a01080063:","n":"temp","u":"Cel","v":23.1},
                  {"n":"label","vs":"Machine Room"},
                  {"n":"open","vb":false},
                  {"n":"nfc-reader","vd":"aGkgCg"}
                ]"""));
        assertEquals(new SenmlValue.Text("Machine Room"), r.get(1).value().orElseThrow());
        assertEquals(new SenmlValue.Bool(false), r.get(2).value().orElseThrow());
        assertArrayEquals(utf8("hi \n"), ((SenmlValue.Data) r.get(3).value().orElseThrow()).value());
        assertEquals(Optional.of("Cel"), r.get(0).unit());
        assertEquals(Optional.empty(), r.get(1).unit(), "no base unit, no unit");
    }

    @Test
    void baseValueAndBaseSum_areAdded_baseOnlyRecordsSetBases() throws Exception {
        List<SenmlRecord> r = SenmlPack.json(utf8("""
                [{"bn":"a/","bv":100.5,"bs":1000,"bu":"m3"},
                 {"n":"x","v":0.25},
                 {"n":"y","s":2.5,"t":-10}]"""));
        assertEquals(2, r.size(), "the first record holds only base fields");
        assertEquals(Optional.of(num("100.75")), r.get(0).value());
        assertEquals(new BigDecimal("1002.5"), r.get(1).sum().orElseThrow().exact());
        assertEquals(new BigDecimal("-10"), r.get(1).time().seconds());
        assertEquals(Optional.of("m3"), r.get(1).unit());
    }

    @Test
    void malformedPacks_areRefusedSayingWhatAndWhere() {
        String[][] cases = {
                {"", "empty payload"},
                {"{\"n\":\"a\",\"v\":1}", "the pack is a map; want an array"},
                {"[]", "no records"},
                {"[1]", "record 1: is a number; want a map"},
                {"[{\"n\":\"a\",\"v\":\"1\"}]", "record 1: 'v' is \"1\"; want a number"},
                {"[{\"n\":\"a\",\"v\":1,\"vs\":\"x\"}]", "record 1: has both 'v' and 'vs'"},
                {"[{\"n\":\"a\",\"v\":1,\"v\":2}]", "not valid JSON: Duplicate field 'v'"},
                {"[{\"n\":\"a\"}]", "no value"},
                {"[{\"n\":\" a\",\"v\":1}]", "must start with a letter or digit"},
                {"[{\"n\":\"a b\",\"v\":1}]", "has ' ' at 1"},
                {"[{\"n\":\"a\",\"v\":1,\"bver\":11}]", "'bver' 11 is newer than SenML version 10"},
                {"[{\"n\":\"a\",\"v\":1,\"foo_\":1}]", "label 'foo_' must be understood"},
                {"[{\"n\":\"a\",\"v\":1,\"t\":-300000000}]", "more than 2^28 s in the past"},
                {"[{\"n\":\"a\",\"v\":1,\"t\":1e12}]", "after the year 9999"},
                {"[{\"n\":\"a\",\"vd\":\"***\"}]", "'vd' is not base64url"},
                {"[{\"n\":\"a\",\"v\":1}] x", "not valid JSON"},
                {"[{\"bn\":\"a\"}]", "only base fields"},
                // found by CoapFuzzTest: Jackson throws NumberFormatException for a 13-digit exponent
                {"[{\"n\":\"a\",\"v\":1.2e+0276020076001}]", "not valid JSON"},
                // 1e-999999 + a base value would need a million digits
                {"[{\"n\":\"a\",\"bv\":1,\"v\":1e-999999}]", "larger exponent than a reading keeps"},
        };
        for (String[] c : cases) {
            SenmlException e = assertThrows(SenmlException.class, () -> SenmlPack.json(utf8(c[0])), c[0]);
            assertTrue(e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
        }
    }

    @Test
    void jsonDecimals_keepTheirDigits_trailingZerosIncluded() throws Exception {
        SenmlNumber v = ((SenmlValue.Numeric) SenmlPack.json(utf8("[{\"n\":\"a\",\"v\":21.40}]")).getFirst().value().orElseThrow()).value();
        assertEquals(new SenmlNumber.Exact(new BigDecimal("21.40")), v);
        assertEquals(2, v.exact().scale());
    }

    @Test
    void unknownLabelsWithoutUnderscore_areIgnored() throws Exception {
        assertEquals(1, SenmlPack.json(utf8("[{\"n\":\"a\",\"v\":1,\"foo\":{\"x\":[1]}}]")).size());
    }

    @Test
    void cborMalformed_onCommentedBytes() {
        String[][] cases = {
                {"a1 00 61 61", "the pack is a map"},                        // {0: "a"}: not an array
                {"81 a1 02 61 31", "record 1: 'v' is \"1\"; want a number"}, // [{2 (v): "1"}]
                {"81 a2 00 61 61 08 61 61", "'vd' is \"a\"; want a byte string"}, // [{n: "a", 8 (vd): "a"}]: text, not bytes
                {"81 a2 00 61 61 02", "not valid CBOR"},                     // truncated: v has no value
                {"81 a2 00 61 61 02 f9 7c00", "is Infinity; want a finite number"}, // v: float16 +Inf
                {"82 a2 00 61 61 02 01 a2 00 61 61 02 01 ff", "not valid CBOR"}, // trailing 0xff break
        };
        for (String[] c : cases) {
            byte[] bytes = HexFormat.of().parseHex(c[0].replace(" ", ""));
            SenmlException e = assertThrows(SenmlException.class, () -> SenmlPack.cbor(bytes), c[0]);
            assertTrue(e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
        }
    }
}

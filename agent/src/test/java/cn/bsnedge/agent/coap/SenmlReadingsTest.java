package cn.bsnedge.agent.coap;

import cn.bsnedge.agent.coap.senml.SenmlException;
import cn.bsnedge.agent.coap.senml.SenmlPack;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Times a sensor may send that no Instant can hold: refused with a message (4.00), never an exception. */
class SenmlReadingsTest {

    private static SenmlReadings.Push push(String json) throws SenmlException {
        return SenmlReadings.of(SenmlPack.json(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void absoluteTimeAfter2200_isRefusedNamingTheRule() {
        // Found by CoapFuzzTest (seed 13423576069513): bt 9.7e9 s overflowed the nanosecond count.
        var e = assertThrows(SenmlException.class, () -> push(
                "[{\"bn\":\"88.1001.31/TMP-0001/\",\"bt\":9.7e9,\"bu\":\"Cel\",\"n\":\"temperature\",\"v\":1.25}]"));
        assertTrue(e.getMessage().contains("is after 2200-01-01"), e.getMessage());
    }

    @Test
    void relativeTimeMoreThan2To28SecondsAgo_isRefused() {
        var e = assertThrows(SenmlException.class, () -> push(
                "[{\"bn\":\"88.1001.31/TMP-0001/\",\"bt\":-1e12,\"bu\":\"Cel\",\"n\":\"temperature\",\"v\":1.25}]"));
        assertTrue(e.getMessage().contains("more than 2^28 s"), e.getMessage());
    }

    @Test
    void theLatestAcceptedAbsoluteTime_andAnOldRelativeOne_stillDecode() throws Exception {
        assertEquals(1, push("[{\"bn\":\"88.1001.31/TMP-0001/\",\"bt\":7258118400,\"bu\":\"Cel\",\"n\":\"temperature\",\"v\":1}]").values().size());
        assertEquals(1, push("[{\"bn\":\"88.1001.31/TMP-0001/\",\"bt\":-268435455,\"bu\":\"Cel\",\"n\":\"temperature\",\"v\":1}]").values().size());
    }
}

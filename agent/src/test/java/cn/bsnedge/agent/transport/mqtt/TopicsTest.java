package cn.bsnedge.agent.transport.mqtt;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Topic matching after MQTT 5 section 4.7, including its non-normative examples. */
class TopicsTest {

    @Test
    void matches_specExamples() {
        assertTrue(Topics.matches("sport/tennis/player1/#", "sport/tennis/player1"));
        assertTrue(Topics.matches("sport/tennis/player1/#", "sport/tennis/player1/ranking"));
        assertTrue(Topics.matches("sport/tennis/player1/#", "sport/tennis/player1/score/wimbledon"));
        assertTrue(Topics.matches("sport/#", "sport"));
        assertTrue(Topics.matches("sport/tennis/+", "sport/tennis/player1"));
        assertFalse(Topics.matches("sport/tennis/+", "sport/tennis/player1/ranking"));
        assertFalse(Topics.matches("sport/+", "sport"));
        assertTrue(Topics.matches("sport/+", "sport/"));
        assertTrue(Topics.matches("+/+", "/finance"));
        assertTrue(Topics.matches("/+", "/finance"));
        assertFalse(Topics.matches("+", "/finance"));
        assertFalse(Topics.matches("#", "$SYS/broker/load"), "wildcards at the start do not match $ topics");
        assertTrue(Topics.matches("$SYS/#", "$SYS/broker/load"));
        assertFalse(Topics.matches("bsn/x/gw/g1/blocks", "bsn/x/gw/g2/blocks"));
    }

    @Test
    void checkFilter_sharedSubscription_matchesOnTheFilterAfterTheGroup() {
        assertEquals("bsn/x/anchors/#", Topics.checkFilter("$share/nodes/bsn/x/anchors/#"));
        assertEquals("a/+", Topics.checkFilter("a/+"));
        assertThrows(IllegalArgumentException.class, () -> Topics.checkFilter("$share//a"));
        assertThrows(IllegalArgumentException.class, () -> Topics.checkFilter("$share/g+/a"));
        assertThrows(IllegalArgumentException.class, () -> Topics.checkFilter("$share/g/"));
    }

    @Test
    void checkFilter_misplacedWildcards_refusedWithTheRule() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Topics.checkFilter("a/#/b")).getMessage()
                .contains("# must be a whole level and the last one"));
        assertThrows(IllegalArgumentException.class, () -> Topics.checkFilter("a/b#"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Topics.checkFilter("a/b+")).getMessage()
                .contains("+ must be a whole level"));
        assertThrows(IllegalArgumentException.class, () -> Topics.checkFilter(""));
    }

    @Test
    void checkName_wildcardsAndEmpty_refused() {
        assertThrows(IllegalArgumentException.class, () -> Topics.checkName("a/+"));
        assertThrows(IllegalArgumentException.class, () -> Topics.checkName("a/#"));
        assertThrows(IllegalArgumentException.class, () -> Topics.checkName(""));
        assertThrows(IllegalArgumentException.class, () -> Topics.checkName("a\0b"));
        Topics.checkName("bsn/x/gw/88.1001.31/GW-0001/anchors");
    }
}

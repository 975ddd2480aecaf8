package cn.bsnedge.ledger.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cn.bsnedge.ledger.protocol.Topics.Address;
import cn.bsnedge.ledger.protocol.Topics.Channel;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TopicsTest {

    private final Topics topics = new Topics("shanghai");

    @Test
    void topics_writeTheGatewayIdAsOneLevel_andParseBack() {
        assertEquals("bsn/shanghai/gw/88.1001.31_GW-0007/anchor", topics.anchor("88.1001.31/GW-0007"));
        assertEquals("bsn/shanghai/gw/88.1001.31_GW_A.b-1/receipt", topics.receipt("88.1001.31/GW_A.b-1"));
        assertEquals(Optional.of(new Address("88.1001.31/GW_A.b-1", Channel.RECEIPT)),
                topics.parse("bsn/shanghai/gw/88.1001.31_GW_A.b-1/receipt"), "the first '_' stood for '/'; later ones are the id's own");
        for (Channel c : Channel.values()) {
            assertEquals(Optional.of(new Address("88.1001.31/GW-0007", c)), topics.parse(topics.topic("88.1001.31/GW-0007", c)));
        }
    }

    @Test
    void filters_coverEveryGateway_andTheShareGroupSplitsAnchors() {
        assertEquals("bsn/shanghai/gw/+/blocks", topics.allGateways(Channel.BLOCKS));
        assertEquals("$share/bsn-node/bsn/shanghai/gw/+/anchor", topics.sharedAnchors("bsn-node"));
        assertThrows(IllegalArgumentException.class, () -> topics.sharedAnchors("a/b"));
    }

    @Test
    void parse_foreignOrMalformedTopics_isEmpty() {
        assertEquals(Optional.empty(), topics.parse("bsn/beijing/gw/88.1001.31_GW-0007/anchor"));
        assertEquals(Optional.empty(), topics.parse("bsn/shanghai/gw/88.1001.31_GW-0007/other"));
        assertEquals(Optional.empty(), topics.parse("bsn/shanghai/gw/GW-0007/anchor"), "no prefix");
        assertEquals(Optional.empty(), topics.parse("bsn/shanghai/gw/88.1001.31_GW-0007/anchor/x"));
        assertEquals(Optional.empty(), topics.parse("bsn/shanghai/gw/88.1001.31_/anchor"), "empty suffix");
    }

    @Test
    void cityAndGatewayNames_thatWouldBreakTopicSyntax_areRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Topics("shang hai"));
        assertThrows(IllegalArgumentException.class, () -> new Topics("a/b"));
        assertThrows(IllegalArgumentException.class, () -> new Topics("+"));
        assertThrows(IllegalArgumentException.class, () -> new Topics("Shanghai"));
        assertThrows(IllegalArgumentException.class, () -> topics.anchor("GW+1"));
    }
}

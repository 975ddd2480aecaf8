package cn.bsnedge.ledger.protocol;

import cn.bsnedge.ledger.entry.SensorCode;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The MQTT topic namespace of one city (PROTOCOL.md §2): {@code bsn/{city}/gw/{gateway}/{channel}}.
 * A gateway id contains one '/', which MQTT reads as a level separator, so in a topic it is
 * written with '_' instead ({@code 88.1001.31/GW-0007} → {@code 88.1001.31_GW-0007}), as in
 * trust file names. The prefix of an id holds only digits and dots, so the first '_' is always
 * the one that stood for '/', and the mapping is reversible.
 */
public record Topics(String city) {

    /** Lower-case letters, digits and '-': safe in every broker's ACL syntax. */
    private static final Pattern CITY = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    /** The last topic level: what a topic carries. */
    public enum Channel {
        /** Gateway → node: {@link MessageKind#ANCHOR}, QoS 1. */
        ANCHOR("anchor"),
        /** Node → gateway (MQTT 5 Response Topic of anchors): receipts and rejections, QoS 1. */
        RECEIPT("receipt"),
        /** Gateway → city: {@link MessageKind#BLOCKS}, QoS 1. */
        BLOCKS("blocks"),
        /** Gateway, retained: {@link MessageKind#BIRTH}, QoS 1. */
        BIRTH("birth"),
        /** Gateway's Last Will, retained: {@link MessageKind#DEATH}, QoS 1. */
        DEATH("death"),
        /** City → gateway: {@link MessageKind#RESEND}, QoS 1. */
        RESEND("resend");

        private final String level;

        Channel(String level) {
            this.level = level;
        }

        public String level() {
            return level;
        }
    }

    /** A topic of this city, parsed: which gateway, which channel. */
    public record Address(String gatewayId, Channel channel) {
    }

    public Topics {
        if (city == null || !CITY.matcher(city).matches()) {
            throw new IllegalArgumentException("city '" + city + "' must be 1-32 of [a-z0-9-], starting with a letter or digit");
        }
    }

    /** The topic level for {@code gatewayId}: '/' written as '_'. */
    public static String gatewayLevel(String gatewayId) {
        String problem = SensorCode.problem(gatewayId);
        if (problem != null) {
            throw new IllegalArgumentException("gateway id '" + gatewayId + "' " + problem);
        }
        return gatewayId.replace('/', '_');
    }

    /** The gateway id a topic level stands for, if it is a valid one. */
    public static Optional<String> gatewayId(String level) {
        int i = level.indexOf('_');
        if (i < 0) {
            return Optional.empty();
        }
        String id = level.substring(0, i) + "/" + level.substring(i + 1);
        return SensorCode.problem(id) == null ? Optional.of(id) : Optional.empty();
    }

    public String topic(String gatewayId, Channel channel) {
        return "bsn/" + city + "/gw/" + gatewayLevel(gatewayId) + "/" + channel.level();
    }

    public String anchor(String gatewayId) {
        return topic(gatewayId, Channel.ANCHOR);
    }

    public String receipt(String gatewayId) {
        return topic(gatewayId, Channel.RECEIPT);
    }

    public String blocks(String gatewayId) {
        return topic(gatewayId, Channel.BLOCKS);
    }

    public String birth(String gatewayId) {
        return topic(gatewayId, Channel.BIRTH);
    }

    public String death(String gatewayId) {
        return topic(gatewayId, Channel.DEATH);
    }

    public String resend(String gatewayId) {
        return topic(gatewayId, Channel.RESEND);
    }

    /** {@code bsn/{city}/gw/+/{channel}}: that channel of every gateway of the city. */
    public String allGateways(Channel channel) {
        return "bsn/" + city + "/gw/+/" + channel.level();
    }

    /**
     * {@code $share/{group}/bsn/{city}/gw/+/anchor}: the node processes of one group split the
     * city's anchors between them, each anchor going to one of them.
     */
    public String sharedAnchors(String group) {
        if (group == null || !GROUP.matcher(group).matches()) {
            throw new IllegalArgumentException("share group '" + group + "' must be 1-64 of [A-Za-z0-9_-]");
        }
        return "$share/" + group + "/" + allGateways(Channel.ANCHOR);
    }

    /** Which gateway and channel {@code topic} names, if it is a topic of this city. */
    public Optional<Address> parse(String topic) {
        String[] levels = topic.split("/", -1);
        if (levels.length != 5 || !levels[0].equals("bsn") || !levels[1].equals(city) || !levels[2].equals("gw")) {
            return Optional.empty();
        }
        for (Channel c : Channel.values()) {
            if (c.level.equals(levels[4])) {
                return gatewayId(levels[3]).map(id -> new Address(id, c));
            }
        }
        return Optional.empty();
    }
}

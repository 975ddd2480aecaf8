package cn.bsnedge.ledger.protocol;

import cn.bsnedge.ledger.anchor.Fields;
import cn.bsnedge.ledger.anchor.Statement;
import cn.bsnedge.ledger.block.SigningContext;
import cn.bsnedge.ledger.codec.ByteReader;
import cn.bsnedge.ledger.codec.ByteWriter;
import cn.bsnedge.ledger.codec.FormatException;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.entry.ClockQuality;

import java.util.Arrays;
import java.util.Objects;

/**
 * A gateway's death notice (PROTOCOL.md §4.4): its MQTT Last Will, composed and signed when it
 * connects, so the broker publishes it (retained) when the connection is lost. Signed under
 * {@link SigningContext#GATEWAY_DEATH}.
 *
 * @param session         the session of the {@link GatewayBirth} it belongs to
 * @param timestampMillis when it was composed, i.e. when the session began (not when it died)
 */
public record GatewayDeath(CryptoSuite suite, String gatewayId, long session, long timestampMillis, ClockQuality clock)
        implements Statement {

    public static final int VERSION = 1;

    public GatewayDeath {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(clock, "clock");
        Fields.requireCode(gatewayId, "gateway id");
        if (session < 0) {
            throw new IllegalArgumentException("session " + session + " is negative");
        }
        Fields.requireMillis(timestampMillis, "death notice time");
    }

    @Override
    public SigningContext context() {
        return SigningContext.GATEWAY_DEATH;
    }

    @Override
    public byte[] encode() {
        return new ByteWriter(32 + gatewayId.length()).u8(VERSION).u8(suite.id()).ascii8(gatewayId).i64(session)
                .i64(timestampMillis).u8(clock.code()).toByteArray();
    }

    public static GatewayDeath decode(byte[] bytes) throws FormatException {
        ByteReader in = new ByteReader(bytes);
        Fields.version(in, "death.version", VERSION);
        CryptoSuite suite = Fields.suite(in, "death.suite");
        String gateway = Fields.code(in, "death.gateway");
        long session = in.u63("death.session");
        long time = Fields.millis(in, "death.timestamp");
        ClockQuality clock = Fields.clock(in, "death.clock");
        in.expectEnd("death");
        return new GatewayDeath(suite, gateway, session, time, clock);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GatewayDeath d && Arrays.equals(encode(), d.encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }
}

package cn.bsnedge.node.telemetry;

import cn.bsnedge.ledger.anchor.Signed;
import cn.bsnedge.ledger.protocol.GatewayBirth;
import cn.bsnedge.ledger.protocol.GatewayDeath;

import java.util.Optional;

/**
 * A gateway's latest verified birth and death (PROTOCOL.md §4.3-4.4): it is online exactly when the
 * birth's session is greater than the death's.
 */
public record Presence(String gatewayId, Optional<GatewayBirth> birth, Optional<GatewayDeath> death) {

    public boolean online() {
        return birth.isPresent() && (death.isEmpty() || birth.get().session() > death.get().session());
    }

    Presence with(Signed<GatewayBirth> b) {
        if (birth.isPresent() && birth.get().session() > b.statement().session()) {
            return this;
        }
        return new Presence(gatewayId, Optional.of(b.statement()), death);
    }

    Presence with(GatewayDeath d) {
        if (death.isPresent() && death.get().session() > d.session()) {
            return this;
        }
        return new Presence(gatewayId, birth, Optional.of(d));
    }
}

package cn.bsnedge.node.audit;

/** Builds an empty {@link ArchivedChain} for tests that add blocks directly. */
final class ArchivedChainBuilder {

    private final String gatewayId;

    ArchivedChainBuilder(String gatewayId) {
        this.gatewayId = gatewayId;
    }

    ArchivedChain build() {
        return ArchivedChain.empty(gatewayId);
    }
}

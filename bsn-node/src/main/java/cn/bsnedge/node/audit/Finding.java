package cn.bsnedge.node.audit;

/** One thing the audit found wrong with a gateway's telemetry or anchors. */
public record Finding(String gatewayId, Kind kind, String detail) {

    public enum Kind {
        GAP("gap"),
        FORK("fork"),
        ANCHOR_MISMATCH("anchor-mismatch"),
        UNANCHORED("unanchored"),
        INVALID("invalid-readings"),
        ALARM("alarm"),
        UNREADABLE("unreadable");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    @Override
    public String toString() {
        return "FINDING " + gatewayId + ": " + kind.label() + ": " + detail;
    }
}

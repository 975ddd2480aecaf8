package cn.bsnedge.agent.coap.server;

/** The RFC 8428 vectors of {@code SenmlPackTest}, shared with the fuzz test as seeds. */
final class SenmlPackTestVectors {
    static final String RFC_5_1_3 = cn.bsnedge.agent.coap.senml.SenmlPackTest.RFC_5_1_3;
    static final String RFC_6_CBOR = cn.bsnedge.agent.coap.senml.SenmlPackTest.RFC_6_CBOR;

    private SenmlPackTestVectors() {
    }
}

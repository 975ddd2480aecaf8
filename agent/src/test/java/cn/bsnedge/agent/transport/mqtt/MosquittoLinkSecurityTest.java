package cn.bsnedge.agent.transport.mqtt;

import cn.bsnedge.agent.transport.broker.BrokerOptions;
import cn.bsnedge.agent.transport.broker.MosquittoBroker;
import cn.bsnedge.agent.transport.broker.TestBroker;

/** {@link LinkSecurityContract} against Debian's Mosquitto ({@code require_certificate true}, {@code tls_version tlsv1.3}). */
class MosquittoLinkSecurityTest extends LinkSecurityContract {

    @Override
    protected TestBroker newBroker(BrokerOptions options) throws Exception {
        return MosquittoBroker.create(options);
    }
}

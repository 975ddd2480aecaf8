package cn.bsnedge.agent.transport.mqtt;

import cn.bsnedge.agent.transport.broker.BrokerOptions;
import cn.bsnedge.agent.transport.broker.MosquittoBroker;
import cn.bsnedge.agent.transport.broker.TestBroker;

/** {@link LinkDeliveryContract} against Debian's Mosquitto. */
class MosquittoLinkDeliveryTest extends LinkDeliveryContract {

    @Override
    protected TestBroker newBroker(BrokerOptions options) throws Exception {
        return MosquittoBroker.create(options);
    }
}

package cn.bsnedge.node.broker;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class EmbeddedBrokerSmokeTest {

    @Test
    void sharedSubscription_deliversResponseTopicAndCorrelationData(@TempDir Path dir) throws Exception {
        try (EmbeddedBroker broker = new EmbeddedBroker(dir, 0, EmbeddedBroker.Persistence.IN_MEMORY)) {
            broker.start(30);
            BlockingQueue<MqttMessage> got = new ArrayBlockingQueue<>(10);
            MqttAsyncClient sub = new MqttAsyncClient(broker.uri(), "sub", new MemoryPersistence());
            sub.setCallback(new MqttCallback() {
                public void disconnected(MqttDisconnectResponse r) { }
                public void mqttErrorOccurred(MqttException e) { }
                public void messageArrived(String t, MqttMessage m) { got.add(m); }
                public void deliveryComplete(IMqttToken t) { }
                public void connectComplete(boolean r, String u) { }
                public void authPacketArrived(int r, MqttProperties p) { }
            });
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(false);
            o.setSessionExpiryInterval(600L);
            sub.connect(o).waitForCompletion(10_000);
            sub.subscribe("$share/g/bsn/x/gw/+/anchor", 1).waitForCompletion(10_000);
            MqttAsyncClient pub = new MqttAsyncClient(broker.uri(), "pub", new MemoryPersistence());
            pub.connect().waitForCompletion(10_000);
            MqttMessage m = new MqttMessage(new byte[] {1, 2, 3});
            m.setQos(1);
            MqttProperties p = new MqttProperties();
            p.setResponseTopic("bsn/x/gw/1_A/receipt");
            p.setCorrelationData(new byte[] {9, 9});
            m.setProperties(p);
            pub.publish("bsn/x/gw/1_A/anchor", m).waitForCompletion(10_000);
            MqttMessage r = got.poll(10, TimeUnit.SECONDS);
            assertNotNull(r);
            assertEquals("bsn/x/gw/1_A/receipt", r.getProperties().getResponseTopic());
            assertArrayEquals(new byte[] {9, 9}, r.getProperties().getCorrelationData());
            pub.disconnect().waitForCompletion(5000);
            sub.disconnect().waitForCompletion(5000);
            pub.close();
            sub.close();
        }
    }
}

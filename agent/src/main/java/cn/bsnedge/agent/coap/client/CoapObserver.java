package cn.bsnedge.agent.coap.client;

import cn.bsnedge.agent.coap.senml.SenmlException;
import cn.bsnedge.agent.pipeline.PushedReadings;
import cn.bsnedge.agent.time.Ticker;
import cn.bsnedge.ledger.entry.SensorCode;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapObserveRelation;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Driver {@code coap} in observe mode (RFC 7641): the gateway registers as an observer of the
 * sensor's resource and each notification enters the pipeline as a push. When no notification
 * arrived for {@code reregister} (the sensor rebooted and forgot its observers, a NAT dropped the
 * mapping, a notification was lost), the relation is cancelled and a fresh registration is made.
 * {@link #check()} is called periodically by the owner; nothing here starts a thread of its own.
 */
public final class CoapObserver implements AutoCloseable {

    private final SensorCode sensor;
    private final URI uri;
    private final String quantity;
    private final String unit;
    private final long reregisterNanos;
    private final PushedReadings intake;
    private final Ticker ticker;
    private final Consumer<String> log;
    private final CoapEndpoint endpoint;
    private final CoapClient client;
    private volatile long lastHeard;
    private CoapObserveRelation relation;
    private long registrations;

    public CoapObserver(SensorCode sensor, URI uri, String quantity, String unit, Duration reregister, PushedReadings intake,
                        Configuration config, Ticker ticker, Consumer<String> log) {
        this.sensor = sensor;
        this.uri = uri;
        this.quantity = quantity;
        this.unit = unit;
        this.reregisterNanos = reregister.toNanos();
        this.intake = intake;
        this.ticker = ticker;
        this.log = log;
        this.endpoint = new CoapEndpoint.Builder().setConfiguration(config).setInetSocketAddress(new InetSocketAddress(0)).build();
        this.client = new CoapClient(uri);
        client.setEndpoint(endpoint);
    }

    /** Registers (again); the first notification is the resource's current state. */
    public synchronized void register() {
        if (relation != null) {
            // Forget it locally only: a cancel request would compete with the new registration, and
            // a sensor that still notifies the old token gets a reset, which ends it there (RFC 7641 §3.6).
            relation.reactiveCancel();
        }
        lastHeard = ticker.read();
        registrations++;
        relation = client.observe(new CoapHandler() {
            @Override
            public void onLoad(CoapResponse r) {
                notified(r);
            }

            @Override
            public void onError() {
                log.accept("sensor " + sensor + ": observing " + uri + " failed; registering again at the next check");
            }
        });
    }

    private void notified(CoapResponse r) {
        lastHeard = ticker.read();
        if (r.getCode() != ResponseCode.CONTENT) {
            log.accept("sensor " + sensor + ": " + uri + " notified " + r.getCode());
            return;
        }
        try {
            intake.push(sensor, ResourceValues.decode(sensor, r.getOptions().getContentFormat(), r.getPayload(), quantity, unit));
        } catch (SenmlException e) {
            log.accept("sensor " + sensor + ": notification from " + uri + " refused: " + e.getMessage());
        }
    }

    /** Registers again when the relation has been silent for longer than {@code reregister}. */
    public synchronized void check() {
        if (relation == null || relation.isCanceled() || ticker.read() - lastHeard > reregisterNanos) {
            register();
        }
    }

    /** Registrations made so far, the first included. */
    public synchronized long registrations() {
        return registrations;
    }

    @Override
    public synchronized void close() {
        if (relation != null) {
            relation.proactiveCancel();
        }
        client.shutdown();
        endpoint.destroy();
    }
}

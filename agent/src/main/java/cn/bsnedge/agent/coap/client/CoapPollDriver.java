package cn.bsnedge.agent.coap.client;

import cn.bsnedge.agent.coap.senml.SenmlException;
import cn.bsnedge.agent.pipeline.PushedReadings;
import cn.bsnedge.drivers.Measurement;
import cn.bsnedge.drivers.SensorDriver;
import cn.bsnedge.drivers.SensorException;
import cn.bsnedge.ledger.entry.ReadingValue;
import cn.bsnedge.ledger.entry.SensorCode;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.exception.ConnectorException;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Driver {@code coap} in poll mode: the sampler reads a CoAP resource (GET) at the sensor's
 * interval, like any wired sensor. The reading is stamped at the sampler's deadline, as a wired
 * one is; a SenML time in the response is not used. A resource that does not answer within
 * {@link #TIMEOUT} is a failed read. Each driver has its own endpoint, closed with the driver.
 */
public final class CoapPollDriver implements SensorDriver {

    /** Under the sampler's 5 s read timeout, so a silent resource fails as "no response", not as a hang. */
    static final Duration TIMEOUT = Duration.ofSeconds(4);

    private final SensorCode sensor;
    private final URI uri;
    private final String quantity;
    private final String unit;
    private final CoapEndpoint endpoint;
    private final CoapClient client;

    public CoapPollDriver(SensorCode sensor, URI uri, String quantity, String unit, Configuration config) {
        this.sensor = sensor;
        this.uri = uri;
        this.quantity = quantity;
        this.unit = unit;
        this.endpoint = new CoapEndpoint.Builder().setConfiguration(config).setInetSocketAddress(new InetSocketAddress(0)).build();
        this.client = new CoapClient(uri);
        client.setEndpoint(endpoint);
        client.setTimeout(TIMEOUT.toMillis());
    }

    @Override
    public String driverName() {
        return "coap";
    }

    @Override
    public List<Measurement> read() throws SensorException {
        CoapResponse r;
        try {
            r = client.get();
        } catch (ConnectorException | IOException e) {
            throw new SensorException(uri + ": " + e.getMessage(), e);
        }
        if (r == null) {
            throw new SensorException(uri + ": no response within " + TIMEOUT.toSeconds() + " s");
        }
        if (r.getCode() != ResponseCode.CONTENT) {
            throw new SensorException(uri + ": " + r.getCode() + " " + r.getResponseText());
        }
        try {
            List<Measurement> out = new ArrayList<>();
            for (PushedReadings.Value v : ResourceValues.decode(sensor, r.getOptions().getContentFormat(), r.getPayload(), quantity, unit)) {
                BigDecimal value = switch (v.value()) {
                    case ReadingValue.Decimal d -> d.toBigDecimal();
                    case ReadingValue.Float64 f -> BigDecimal.valueOf(f.value());
                };
                out.add(new Measurement(v.quantity(), v.unit(), value));
            }
            return out;
        } catch (SenmlException e) {
            throw new SensorException(uri + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        client.shutdown();
        endpoint.destroy();
    }
}

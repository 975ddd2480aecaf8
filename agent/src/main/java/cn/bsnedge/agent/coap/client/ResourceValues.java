package cn.bsnedge.agent.coap.client;

import cn.bsnedge.agent.coap.SenmlReadings;
import cn.bsnedge.agent.coap.senml.SenmlException;
import cn.bsnedge.agent.coap.senml.SenmlPack;
import cn.bsnedge.agent.pipeline.PushedReadings;
import cn.bsnedge.agent.pipeline.PushedReadings.When;
import cn.bsnedge.ledger.entry.ReadingValue;
import cn.bsnedge.ledger.entry.SensorCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * What a CoAP resource the gateway reads returned, as values of one sensor: a SenML pack (110,
 * 112) whose names follow docs/COAP.md's CODE/QUANTITY rule, or a text/plain number (0, or no
 * Content-Format) measured as the sensor's configured quantity and unit.
 */
final class ResourceValues {

    private ResourceValues() {
    }

    /** @throws SenmlException what is wrong with the representation, in words for the sensor's health */
    static List<PushedReadings.Value> decode(SensorCode sensor, int format, byte[] payload, String quantity, String unit)
            throws SenmlException {
        if (format == MediaTypeRegistry.APPLICATION_SENML_JSON || format == MediaTypeRegistry.APPLICATION_SENML_CBOR) {
            SenmlReadings.Push push = SenmlReadings.of(format == MediaTypeRegistry.APPLICATION_SENML_JSON
                    ? SenmlPack.json(payload) : SenmlPack.cbor(payload));
            if (!push.sensor().equals(sensor)) {
                throw new SenmlException("the resource's records name sensor " + push.sensor() + ", not " + sensor);
            }
            return push.values();
        }
        if (format != MediaTypeRegistry.TEXT_PLAIN && format != MediaTypeRegistry.UNDEFINED) {
            throw new SenmlException("Content-Format " + format + " is not read; want 0 (text/plain), 110 or 112 (SenML)");
        }
        if (quantity.isEmpty()) {
            throw new SenmlException("a text/plain resource needs options.quantity and options.unit in gateway.yaml");
        }
        String text = new String(payload, StandardCharsets.UTF_8).strip();
        try {
            return List.of(new PushedReadings.Value(quantity, unit, ReadingValue.Decimal.of(new BigDecimal(text)),
                    new When.Relative(Duration.ZERO)));
        } catch (NumberFormatException e) {
            throw new SenmlException("text/plain payload '" + (text.length() > 40 ? text.substring(0, 40) + "..." : text)
                    + "' is not a decimal number");
        } catch (IllegalArgumentException e) {
            throw new SenmlException(e.getMessage());
        }
    }
}

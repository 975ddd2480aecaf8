package cn.bsnedge.agent.coap.server;

import cn.bsnedge.agent.coap.SenmlReadings;
import cn.bsnedge.agent.coap.senml.SenmlException;
import cn.bsnedge.agent.coap.senml.SenmlPack;
import cn.bsnedge.agent.coap.senml.SenmlRecord;
import cn.bsnedge.agent.pipeline.PushedReadings;
import cn.bsnedge.agent.pipeline.PushedReadings.Outcome;
import cn.bsnedge.ledger.entry.SensorCode;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;

import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * {@code POST /readings}: a sensor pushes a SenML pack (RFC 8428) as JSON (Content-Format 110)
 * or CBOR (112). Every refusal has its own code and a text/plain diagnostic naming what was
 * wrong; nothing of a refused pack reaches the pipeline. docs/COAP.md has the table.
 *
 * <p>Over DTLS the PSK identity is the sensor's code, and a pack may only carry that sensor's
 * readings. Over plain CoAP (loopback or a lab network) there is no identity and the code in
 * the names is taken as it is: that is why plain CoAP is confined by config.
 */
final class ReadingsResource extends CoapResource {

    /** Max-Age of a 5.03 when the sealing queue is full: about one batcher drain. */
    static final int BUSY_RETRY_SECONDS = 2;

    private final PushedReadings intake;
    private final Function<SensorCode, Optional<Duration>> pushInterval;
    private final PushRateLimit rateLimit;
    private final int maxPayload;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();

    /**
     * @param pushInterval the declared interval of a sensor that may push; empty for any other code
     */
    ReadingsResource(PushedReadings intake, Function<SensorCode, Optional<Duration>> pushInterval,
                     PushRateLimit rateLimit, int maxPayload) {
        super("readings");
        this.intake = intake;
        this.pushInterval = pushInterval;
        this.rateLimit = rateLimit;
        this.maxPayload = maxPayload;
        getAttributes().setTitle("SenML readings of registered sensors (POST)");
        getAttributes().addContentType(MediaTypeRegistry.APPLICATION_SENML_JSON);
        getAttributes().addContentType(MediaTypeRegistry.APPLICATION_SENML_CBOR);
        getAttributes().addResourceType("bsn.readings");
    }

    @Override
    public void handlePOST(CoapExchange exchange) {
        int format = exchange.getRequestOptions().getContentFormat();
        if (format != MediaTypeRegistry.APPLICATION_SENML_JSON && format != MediaTypeRegistry.APPLICATION_SENML_CBOR) {
            refuse(exchange, ResponseCode.UNSUPPORTED_CONTENT_FORMAT, "Content-Format "
                    + (format == MediaTypeRegistry.UNDEFINED ? "missing" : format)
                    + "; want 110 (application/senml+json) or 112 (application/senml+cbor)");
            return;
        }
        byte[] payload = exchange.getRequestPayload();
        if (payload.length > maxPayload) {
            refuse(exchange, ResponseCode.REQUEST_ENTITY_TOO_LARGE, "pack of " + payload.length + " bytes; at most "
                    + maxPayload + " (coap.maxPayload)");
            return;
        }
        Optional<SensorCode> identity = identity(exchange);
        if (identity.isPresent() && !admitted(exchange, identity.get())) {
            return;
        }
        SenmlReadings.Push push;
        try {
            List<SenmlRecord> records = format == MediaTypeRegistry.APPLICATION_SENML_JSON ? SenmlPack.json(payload) : SenmlPack.cbor(payload);
            push = SenmlReadings.of(records);
        } catch (SenmlException e) {
            refuse(exchange, ResponseCode.BAD_REQUEST, e.getMessage());
            return;
        }
        if (identity.isPresent() && !identity.get().equals(push.sensor())) {
            refuse(exchange, ResponseCode.FORBIDDEN, "this DTLS session is sensor " + identity.get()
                    + "'s; it may not push readings of " + push.sensor());
            return;
        }
        if (identity.isEmpty() && !admitted(exchange, push.sensor())) {
            return;
        }
        respond(exchange, intake.push(push.sensor(), push.values()));
    }

    /** The sensor may push, and has not exceeded its rate; otherwise refuses the exchange. */
    private boolean admitted(CoapExchange exchange, SensorCode sensor) {
        Optional<Duration> interval = pushInterval.apply(sensor);
        if (interval.isEmpty()) {
            refuse(exchange, ResponseCode.FORBIDDEN, "sensor " + sensor + " is not declared on this gateway as a sensor"
                    + " that pushes (driver coap, mode push)");
            return false;
        }
        long wait = rateLimit.take(sensor, interval.get());
        if (wait > 0) {
            refused.incrementAndGet();
            exchange.setMaxAge(wait);
            exchange.respond(ResponseCode.TOO_MANY_REQUESTS, "sensor " + sensor + " pushes faster than twice per interval ("
                    + interval.get() + "); retry in " + wait + " s", MediaTypeRegistry.TEXT_PLAIN);
            return false;
        }
        return true;
    }

    private void respond(CoapExchange exchange, Outcome outcome) {
        switch (outcome) {
            case Outcome.Accepted a -> {
                accepted.addAndGet(a.count());
                exchange.respond(ResponseCode.CHANGED, a.count() + " readings, seq " + a.firstSeq() + ".."
                        + (a.firstSeq() + a.count() - 1), MediaTypeRegistry.TEXT_PLAIN);
            }
            case Outcome.Partial p -> {
                accepted.addAndGet(p.count());
                refused.incrementAndGet();
                exchange.setMaxAge(BUSY_RETRY_SECONDS);
                exchange.respond(ResponseCode.SERVICE_UNAVAILABLE, "took only the first " + p.count() + " readings (seq "
                        + p.firstSeq() + ".." + (p.firstSeq() + p.count() - 1) + "); the last " + p.refused()
                        + " were refused (" + p.why() + "): resend only those", MediaTypeRegistry.TEXT_PLAIN);
            }
            case Outcome.Refused r -> {
                switch (r.why()) {
                    case UNKNOWN_SENSOR, RETIRED_SENSOR, NOT_PUSHED -> refuse(exchange, ResponseCode.FORBIDDEN, r.message());
                    case INVALID -> refuse(exchange, ResponseCode.BAD_REQUEST, r.message());
                    case BUSY, CLOSED -> {
                        refused.incrementAndGet();
                        exchange.setMaxAge(BUSY_RETRY_SECONDS);
                        exchange.respond(ResponseCode.SERVICE_UNAVAILABLE, r.message(), MediaTypeRegistry.TEXT_PLAIN);
                    }
                }
            }
        }
    }

    private void refuse(CoapExchange exchange, ResponseCode code, String message) {
        refused.incrementAndGet();
        exchange.respond(code, message, MediaTypeRegistry.TEXT_PLAIN);
    }

    /** The sensor code this request's DTLS session authenticated, or empty over plain CoAP. */
    private static Optional<SensorCode> identity(CoapExchange exchange) {
        Principal p = exchange.advanced().getRequest().getSourceContext().getPeerIdentity();
        if (p instanceof PreSharedKeyIdentity psk && SensorCode.problem(psk.getIdentity()) == null) {
            return Optional.of(SensorCode.of(psk.getIdentity()));
        }
        return Optional.empty();
    }

    /** Counters since start: readings accepted, requests refused (any code). */
    Map<String, Long> counters() {
        return Map.of("accepted", accepted.get(), "refused", refused.get());
    }
}

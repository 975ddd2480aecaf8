package cn.bsnedge.agent.coap.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.CoAP.Type;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.server.resources.CoapExchange;

import java.util.function.Supplier;

/**
 * {@code GET /status}, observable (RFC 7641): chain height, last anchor and per-sensor health as
 * JSON (Content-Format 50). {@link #refresh()} compares a new snapshot with the last one and
 * notifies observers only when it differs, so an idle gateway sends no notifications.
 * Notifications are confirmable, so a vanished observer is dropped after the retransmissions.
 */
final class StatusResource extends CoapResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<CoapStatus> source;
    private volatile byte[] current;

    StatusResource(Supplier<CoapStatus> source) {
        super("status");
        this.source = source;
        setObservable(true);
        setObserveType(Type.CON);
        getAttributes().setObservable();
        getAttributes().setTitle("gateway status: chain height, last anchor, sensor health");
        getAttributes().addContentType(MediaTypeRegistry.APPLICATION_JSON);
        getAttributes().addResourceType("bsn.status");
        current = render();
    }

    @Override
    public void handleGET(CoapExchange exchange) {
        exchange.respond(ResponseCode.CONTENT, current, MediaTypeRegistry.APPLICATION_JSON);
    }

    /** Takes a new snapshot; notifies observers when it changed. */
    void refresh() {
        byte[] next = render();
        if (!java.util.Arrays.equals(next, current)) {
            current = next;
            changed();
        }
    }

    private byte[] render() {
        try {
            return JSON.writeValueAsBytes(source.get());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("status does not serialise: " + e.getMessage(), e);
        }
    }
}

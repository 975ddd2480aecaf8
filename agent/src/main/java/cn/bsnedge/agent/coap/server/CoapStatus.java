package cn.bsnedge.agent.coap.server;

import java.util.List;

/**
 * What {@code /status} shows: a small, stable view for a technician's CoAP client on site.
 *
 * @param height     committed blocks
 * @param lastAnchor what the city's BSN node last receipted ("tree size N, receipt #S from NODE at T"), "none" before the first receipt, "off" when the gateway does not anchor
 * @param sensors    per-sensor health, pushed and sampled sensors alike
 */
public record CoapStatus(String gateway, long height, String lastAnchor, String clock, List<Sensor> sensors) {

    /**
     * @param ok       successful reads (sampled) or accepted pushes (pushed)
     * @param failures failed reads or refused pushes
     * @param lastOk   ISO time of the last success, or empty
     */
    public record Sensor(String code, long nextSeq, long ok, long failures, String lastOk, String lastError) {
    }

    public CoapStatus {
        sensors = List.copyOf(sensors);
    }
}

package cn.bsnedge.agent.status;

import cn.bsnedge.agent.json.StreamingJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** status.json as the agent writes it and {@code bsn-edge status} reads it: field names, nesting and types are the format. */
class StatusFileTest {

    private static final GatewayStatus ANCHORING = new GatewayStatus("2025-01-02T03:04:05Z", 42, "88.1001.31/GW-1",
            "ed25519-sha256", 7, "abcd", 12.5, 1.0 / 3, 3, 1000, 2000, "synced", 1, null,
            List.of(new GatewayStatus.Sensor("88.1001.31/SIM-1", "simulated", 5, 6, 1, 0, "2025-01-02T03:04:04Z", null),
                    new GatewayStatus.Sensor("88.1001.31/SIM-2", "sht3x", 0, 0, 4, 2, "", "timeout at 03:04:03Z")),
            new AnchorStatus("connected", 7, 5, "88.1001/BSN-NODE-01", 9, "2025-01-02T03:04:00Z", 2, 0, 7, null, false,
                    List.of("alarm 1", "alarm \"2\"")));

    private static final String ANCHORING_JSON = """
            {
              "writtenAt" : "2025-01-02T03:04:05Z",
              "pid" : 42,
              "gatewayId" : "88.1001.31/GW-1",
              "suite" : "ed25519-sha256",
              "height" : 7,
              "headHash" : "abcd",
              "readingsPerMinute" : 12.5,
              "blocksPerMinute" : 0.3333333333333333,
              "droppedReadings" : 3,
              "storeBytes" : 1000,
              "freeDiskBytes" : 2000,
              "clock" : "synced",
              "backwardClockJumps" : 1,
              "lastClockJump" : null,
              "sensors" : [ {
                "code" : "88.1001.31/SIM-1",
                "driver" : "simulated",
                "lastSeq" : 5,
                "readsOk" : 6,
                "failures" : 1,
                "skippedDeadlines" : 0,
                "lastSuccess" : "2025-01-02T03:04:04Z",
                "lastError" : null
              }, {
                "code" : "88.1001.31/SIM-2",
                "driver" : "sht3x",
                "lastSeq" : 0,
                "readsOk" : 0,
                "failures" : 4,
                "skippedDeadlines" : 2,
                "lastSuccess" : "",
                "lastError" : "timeout at 03:04:03Z"
              } ],
              "anchor" : {
                "link" : "connected",
                "chainBlocks" : 7,
                "anchoredSize" : 5,
                "receiptNode" : "88.1001/BSN-NODE-01",
                "receiptLedgerSeq" : 9,
                "receiptRecordedAt" : "2025-01-02T03:04:00Z",
                "backlogBlocks" : 2,
                "pendingSize" : 0,
                "telemetryPublished" : 7,
                "lastRejection" : null,
                "halted" : false,
                "alarms" : [ "alarm 1", "alarm \\"2\\"" ]
              }
            }""";

    private static final GatewayStatus NOT_ANCHORING = new GatewayStatus("w", 1, "g", "sm2-sm3", 0, "", 3000.0, 1e-7, 0, 0, 0,
            "unsynced", 0, "", List.of(), null);

    private static final String NOT_ANCHORING_JSON = """
            {
              "writtenAt" : "w",
              "pid" : 1,
              "gatewayId" : "g",
              "suite" : "sm2-sm3",
              "height" : 0,
              "headHash" : "",
              "readingsPerMinute" : 3000.0,
              "blocksPerMinute" : 1.0E-7,
              "droppedReadings" : 0,
              "storeBytes" : 0,
              "freeDiskBytes" : 0,
              "clock" : "unsynced",
              "backwardClockJumps" : 0,
              "lastClockJump" : "",
              "sensors" : [ ],
              "anchor" : null
            }""";

    @Test
    void write_givesTheDocumentedFieldsInOrder_andReadGivesTheSameStatus(@TempDir Path data) throws Exception {
        StatusFile file = new StatusFile(data);
        for (var c : List.of(new Object[] {ANCHORING, ANCHORING_JSON}, new Object[] {NOT_ANCHORING, NOT_ANCHORING_JSON})) {
            file.write((GatewayStatus) c[0]);
            assertEquals(c[1], Files.readString(data.resolve("run/status.json")));
            assertEquals(Optional.of(c[0]), file.read());
            assertEquals(c[1], StatusFile.toJson((GatewayStatus) c[0]));
        }
        assertFalse(Files.exists(data.resolve("run/status.json.tmp")), "the temporary file was renamed into place");
    }

    @Test
    void write_recreatesTheRunDirectory_whenItWasRemovedBetweenWrites(@TempDir Path data) throws Exception {
        StatusFile file = new StatusFile(data);
        file.write(NOT_ANCHORING);
        Files.delete(data.resolve("run/status.json"));
        Files.delete(data.resolve("run"));
        file.write(ANCHORING);
        assertEquals(ANCHORING_JSON, Files.readString(data.resolve("run/status.json")));
    }

    @Test
    void read_ignoresFieldsANewerAgentAdds_andIsEmptyWithoutAFile(@TempDir Path data) throws Exception {
        StatusFile file = new StatusFile(data);
        assertEquals(Optional.empty(), file.read());
        Files.createDirectories(data.resolve("run"));
        Files.writeString(data.resolve("run/status.json"), NOT_ANCHORING_JSON.replace("\"pid\" : 1,", "\"pid\" : 1, \"later\" : {\"x\" : [1]},"));
        assertEquals(Optional.of(NOT_ANCHORING), file.read());
        file.delete();
        assertEquals(Optional.empty(), file.read());
    }

    /** The writer names each field by hand: a component added to a record must be added there too. */
    @Test
    void toJson_writesEveryRecordComponent_ofTheStatusItsSensorsAndItsAnchor() throws Exception {
        Map<String, Object> n = StreamingJson.parseObject(StatusFile.toJson(ANCHORING), "status").fields();
        assertEquals(components(GatewayStatus.class), List.copyOf(n.keySet()));
        assertEquals(components(GatewayStatus.Sensor.class), List.copyOf(((Map<?, ?>) ((List<?>) n.get("sensors")).getFirst()).keySet()));
        assertEquals(components(AnchorStatus.class), List.copyOf(((Map<?, ?>) n.get("anchor")).keySet()));
    }

    private static List<String> components(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
    }
}

package cn.bsnedge.agent.transport;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {

    private static final Backoff B = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 0.5);

    @Test
    void delay_withoutJitter_doublesFromInitialUpToTheCap() {
        Backoff plain = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 0);
        long[] expected = {1, 2, 4, 8, 16, 32, 60, 60};
        for (int retry = 0; retry < expected.length; retry++) {
            assertEquals(Duration.ofSeconds(expected[retry]), plain.delay(retry, 0.99), "retry " + retry);
        }
    }

    @Test
    void delay_jitter_shavesOffUpToItsShareOfTheCappedDelay() {
        assertEquals(Duration.ofSeconds(8), B.delay(3, 0.0), "u = 0 takes nothing off");
        assertEquals(Duration.ofSeconds(6), B.delay(3, 0.5), "u = 0.5 takes off a quarter (half of the jitter share)");
        assertEquals(Duration.ofMillis(30_003), B.delay(10, 0.9999), "near u = 1 about half of the 60 s cap remains");
        Backoff full = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 1);
        assertTrue(full.delay(10, 0.9).compareTo(Duration.ofSeconds(6)) <= 0, "full jitter reaches down towards 0");
    }

    @Test
    void delay_manyRetries_neitherOverflowsNorExceedsTheCap() {
        for (int retry : new int[] {30, 61, 62, 63, 1000, Integer.MAX_VALUE}) {
            assertEquals(Duration.ofSeconds(60), B.delay(retry, 0), "retry " + retry);
        }
        Backoff big = new Backoff(Duration.ofMinutes(10), Duration.ofHours(1), 0);
        assertEquals(Duration.ofHours(1), big.delay(40, 0));
    }

    @Test
    void constructor_outOfRange_saysWhichKeyAndTheRange() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofMillis(1), Duration.ofSeconds(1), 0))
                .getMessage().contains("mqtt.reconnect.initial: PT0.001S is outside 10ms..10m"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(1), 0))
                .getMessage().contains("mqtt.reconnect.max"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 1.5))
                .getMessage().contains("mqtt.reconnect.jitter: 1.5 is outside 0..1"));
        assertThrows(IllegalArgumentException.class, () -> B.delay(0, 1.0));
        assertThrows(IllegalArgumentException.class, () -> B.delay(-1, 0));
    }
}

package cn.bsnedge.agent.pipeline;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TimelineTest {

    @Test
    void deadline_isStartPlusKTimesInterval() {
        Timeline t = new Timeline(1_000, 250);
        assertEquals(1_000, t.deadline(0));
        assertEquals(1_000 + 250L * 1_000_000, t.deadline(1_000_000), "computed from k, so nothing accumulates");
    }

    @Test
    void slotAt_isTheLatestDeadlineAtOrBeforeNow() {
        Timeline t = new Timeline(1_000, 250);
        assertEquals(-1, t.slotAt(999), "before the start");
        assertEquals(0, t.slotAt(1_000));
        assertEquals(0, t.slotAt(1_249));
        assertEquals(1, t.slotAt(1_250));
        assertEquals(4, t.slotAt(2_100));
    }

    @Test
    void slotAt_survivesTheTickerOverflowingPastLongMaxValue() {
        Timeline t = new Timeline(Long.MAX_VALUE - 1_500, 1_000);
        long third = t.deadline(2); // wraps to a negative long, as System.nanoTime() may
        assertEquals(Long.MIN_VALUE + 499, third);
        assertEquals(2, t.slotAt(third));
        assertEquals(1, t.slotAt(third - 1));
    }

    @Test
    void interval_mustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new Timeline(0, 0));
    }
}

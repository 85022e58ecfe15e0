package org.ucsgateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class IdGeneratorTest {

    private static Clock at(long millis) {
        return Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }

    @Test
    void idHasTheUcsFormat() {
        String id = IdGenerator.newId();

        assertEquals(IdGenerator.LENGTH, id.length());
        assertTrue(IdGenerator.isValid(id), id);
    }

    @Test
    void timePrefixIsBase62Milliseconds() {
        assertEquals("0000000", IdGenerator.newId(at(0)).substring(0, IdGenerator.TIME_LENGTH));
        assertEquals("0000010", IdGenerator.newId(at(62)).substring(0, IdGenerator.TIME_LENGTH));
        assertEquals("zzzzzzz", IdGenerator.newId(at(3_521_614_606_207L)).substring(0, IdGenerator.TIME_LENGTH));
    }

    @Test
    void laterIdsSortAfterEarlierOnes() {
        long now = Instant.parse("2026-12-05T10:00:00Z").toEpochMilli();
        String previous = IdGenerator.newId(at(now));
        for (long millis = now + 1; millis < now + 5_000; millis += 7) {
            String next = IdGenerator.newId(at(millis));
            assertTrue(next.compareTo(previous) > 0, previous + " then " + next);
            previous = next;
        }
    }

    @Test
    void idsOfOneMillisecondDiffer() {
        Clock clock = at(1_764_928_800_000L);

        assertNotEquals(IdGenerator.newId(clock), IdGenerator.newId(clock));
    }

    @Test
    void clockOutsideThePrefixRangeIsRejected() {
        IllegalStateException late = assertThrows(IllegalStateException.class,
                () -> IdGenerator.newId(at(3_521_614_606_208L)));
        assertTrue(late.getMessage().contains("3521614606208 ms"), late.getMessage());

        IllegalStateException early = assertThrows(IllegalStateException.class, () -> IdGenerator.newId(at(-1)));
        assertTrue(early.getMessage().contains("-1 ms"), early.getMessage());
    }
}

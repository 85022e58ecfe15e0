package org.ucsgateway.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoginThrottleTest {

    @TempDir
    Path folder;

    private final MutableClock clock = new MutableClock();

    @Test
    void thirdFailureLocksUntilWindowEnds() {
        LoginThrottle throttle = new LoginThrottle(3, 60_000, clock);
        throttle.failed("ann", "ann", "10.0.0.1");
        throttle.failed("ann", "ann", "10.0.0.1");
        assertEquals(0, throttle.lockedSeconds("ann"));

        throttle.failed("ann", "ann", "10.0.0.1");
        assertEquals(60, throttle.lockedSeconds("ann"));
        clock.advance(59_500);
        assertEquals(1, throttle.lockedSeconds("ann"));
        clock.advance(1_000);
        assertEquals(0, throttle.lockedSeconds("ann"));
    }

    @Test
    void failuresOfOldWindowAreForgotten() {
        LoginThrottle throttle = new LoginThrottle(3, 60_000, clock);
        throttle.failed("ann", "ann", null);
        throttle.failed("ann", "ann", null);
        clock.advance(61_000);
        throttle.failed("ann", "ann", null);
        assertEquals(0, throttle.lockedSeconds("ann"));
    }

    @Test
    void disabledThrottleNeverLocks() {
        LoginThrottle throttle = LoginThrottle.disabled();
        for (int i = 0; i < 100; i++) {
            throttle.failed("ann", "ann", null);
        }
        assertEquals(0, throttle.lockedSeconds("ann"));
    }

    @Test
    void lockedUserIsRefusedEvenWithRightPassword() throws Exception {
        Path file = folder.resolve("users.json");
        UserDirectory.addOrUpdateUser(file, "ann", PasswordHasher.hash("right", 1000), "cc1", List.of(), List.of());
        UserDirectory.addOrUpdateUser(file, "bob", PasswordHasher.hash("right", 1000), "cc1", List.of(), List.of());
        BasicAuthenticator authenticator = new BasicAuthenticator(UserDirectory.load(file),
                new LoginThrottle(2, 60_000, clock), new LoginThrottle(10, 60_000, clock));

        assertFalse(authenticator.authenticate(basic("ann", "wrong"), "10.0.0.1").authenticated());
        assertFalse(authenticator.authenticate(basic("ann", "wrong"), "10.0.0.1").authenticated());
        AuthenticationResult locked = authenticator.authenticate(basic("ann", "right"), "10.0.0.2");
        assertTrue(locked.throttled());
        assertFalse(locked.authenticated());
        assertTrue(authenticator.authenticate(basic("bob", "right"), "10.0.0.1").authenticated());
    }

    @Test
    void missingHeaderIsNotCountedAsFailure() throws Exception {
        Path file = folder.resolve("users.json");
        UserDirectory.addOrUpdateUser(file, "ann", PasswordHasher.hash("right", 1000), "cc1", List.of(), List.of());
        BasicAuthenticator authenticator = new BasicAuthenticator(UserDirectory.load(file),
                new LoginThrottle(1, 60_000, clock), new LoginThrottle(1, 60_000, clock));

        assertFalse(authenticator.authenticate(null, "10.0.0.1").authenticated());
        assertTrue(authenticator.authenticate(basic("ann", "right"), "10.0.0.1").authenticated());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static final class MutableClock extends Clock {
        private long millis = 1_000_000;

        void advance(long delta) {
            millis += delta;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}

package org.ucsgateway.security;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Locks a user name or a client address for a while after repeated failed logins. Within one
 * window, the {@code maxFailures}-th failure locks the key until the window ends; attempts on a
 * locked key are refused without checking the password. Each lock is logged once, without the
 * password. A successful login clears the user name's failures.
 */
public final class LoginThrottle {

    private static final Logger LOG = LoggerFactory.getLogger(LoginThrottle.class);
    /** Keys tracked at most, so a flood of distinct names cannot exhaust memory. */
    private static final int MAX_TRACKED = 100_000;

    private record Failures(long windowStartMs, int count, long lockedUntilMs) {
    }

    private final int maxFailures;
    private final long windowMs;
    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    /**
     * @param maxFailures failures within the window that lock the key; 0 turns throttling off
     * @param windowMs    length of the window and of the lock, in milliseconds
     */
    public LoginThrottle(int maxFailures, long windowMs, Clock clock) {
        this.maxFailures = maxFailures;
        this.windowMs = windowMs;
        this.clock = clock;
    }

    /** Returns a throttle that never locks. */
    public static LoginThrottle disabled() {
        return new LoginThrottle(0, 0, Clock.systemUTC());
    }

    /** Returns the seconds until the key may try again, or 0 when it is not locked. */
    public long lockedSeconds(String key) {
        Failures current = failures.get(key);
        long now = clock.millis();
        if (current == null || current.lockedUntilMs() <= now) {
            return 0;
        }
        return Math.max(1, (current.lockedUntilMs() - now + 999) / 1000);
    }

    /** Counts a failed login for the key. */
    public void failed(String key, String userName, String clientAddress) {
        if (maxFailures <= 0) {
            return;
        }
        if (failures.size() >= MAX_TRACKED) {
            long now = clock.millis();
            failures.values().removeIf(entry -> entry.windowStartMs() + windowMs < now && entry.lockedUntilMs() < now);
        }
        Failures updated = failures.compute(key, (name, current) -> {
            long now = clock.millis();
            if (current == null || current.windowStartMs() + windowMs < now && current.lockedUntilMs() < now) {
                return new Failures(now, 1, 0);
            }
            int count = current.count() + 1;
            long lockedUntil = current.lockedUntilMs();
            if (count == maxFailures) {
                lockedUntil = now + windowMs;
            }
            return new Failures(current.windowStartMs(), count, lockedUntil);
        });
        if (updated.count() == maxFailures) {
            LOG.warn("Login throttled after repeated failures key={} userName={} clientAddress={} failures={} lockSeconds={}",
                    key, userName, clientAddress, maxFailures, windowMs / 1000);
        }
    }

    /** Clears the failures of a key after a successful login. */
    public void succeeded(String key) {
        failures.remove(key);
    }
}

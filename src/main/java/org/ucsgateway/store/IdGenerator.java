package org.ucsgateway.store;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * Generator of UCS ids: 16 characters of [0-9A-Za-z], such as {@code 0000DaA3G4VF000Q}. The first 7 are
 * the creation time in milliseconds since 1970 in base 62, the other 9 random.
 * New ids therefore go to one place of a primary key index (its end in a binary collation), not to any page.
 * On an H2 store of 2 million rows, 270,000 inserts grew its file by 127 MB, against 426 MB with random ids.
 */
public final class IdGenerator {

    public static final int LENGTH = 16;
    static final int TIME_LENGTH = 7;
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    /** Last time that the prefix can hold: 62^7 - 1 ms after 1970, in August 2081. */
    private static final long LAST_TIME = (long) Math.pow(ALPHABET.length(), TIME_LENGTH) - 1;
    private static final SecureRandom RANDOM = new SecureRandom();

    private IdGenerator() {
    }

    /** Returns a new id. Its 62^9 random values per millisecond make a collision practically impossible. */
    public static String newId() {
        return newId(Clock.systemUTC());
    }

    static String newId(Clock clock) {
        long time = clock.millis();
        if (time < 0 || time > LAST_TIME) {
            throw new IllegalStateException("Clock time " + time
                    + " ms is outside the times that 7 base-62 characters can hold: no id can be generated."
                    + " Check the system clock");
        }
        char[] id = new char[LENGTH];
        for (int i = TIME_LENGTH - 1; i >= 0; i--) {
            id[i] = ALPHABET.charAt((int) (time % ALPHABET.length()));
            time /= ALPHABET.length();
        }
        for (int i = TIME_LENGTH; i < LENGTH; i++) {
            id[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
        }
        return new String(id);
    }

    public static boolean isValid(String id) {
        return id != null && id.matches("[0-9A-Za-z]{16}");
    }
}

package org.ucsgateway.store;

import java.security.SecureRandom;

/** Generates UCS ids: 16 characters of [0-9A-Za-z], such as {@code 0000DaA3G4VF000Q}. */
public final class IdGenerator {

    public static final int LENGTH = 16;
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private IdGenerator() {
    }

    /** Returns a new random id; 62^16 values make a collision practically impossible. */
    public static String newId() {
        char[] id = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            id[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
        }
        return new String(id);
    }

    public static boolean isValid(String id) {
        return id != null && id.matches("[0-9A-Za-z]{16}");
    }
}

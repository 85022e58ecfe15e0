package org.ucsgateway.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    @Test
    void hashMatchesOwnPasswordOnly() {
        String hash = PasswordHasher.hash("correct horse", 1000);
        assertTrue(PasswordHasher.matches("correct horse", hash));
        assertFalse(PasswordHasher.matches("correct horsE", hash));
        assertFalse(PasswordHasher.matches("", hash));
    }

    @Test
    void samePasswordGetsDifferentSalts() {
        assertNotEquals(PasswordHasher.hash("pw", 1000), PasswordHasher.hash("pw", 1000));
    }

    @Test
    void defaultHashNamesAlgorithmAndIterations() {
        assertTrue(PasswordHasher.hash("pw").startsWith("pbkdf2-sha256:600000:"));
    }

    @Test
    void malformedHashIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> PasswordHasher.matches("pw", "plain-text"));
        assertThrows(IllegalArgumentException.class, () -> PasswordHasher.matches("pw", "md5:1:a:b"));
    }
}

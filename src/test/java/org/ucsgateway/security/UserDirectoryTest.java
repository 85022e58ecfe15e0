package org.ucsgateway.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserDirectoryTest {

    @TempDir
    Path folder;

    @Test
    void addedUserAuthenticates() throws Exception {
        Path file = folder.resolve("users.json");
        UserDirectory.addOrUpdateUser(file, "ann", PasswordHasher.hash("pw-1", 1000), "cc1",
                List.of("api-ucs-voice"), List.of("agent"));

        UserDirectory directory = UserDirectory.load(file);
        User ann = directory.authenticate("ann", "pw-1").orElseThrow();
        assertEquals("cc1", ann.contactCenter());
        assertEquals(Set.of("api-ucs-voice"), ann.features());
        assertTrue(directory.authenticate("ann", "pw-2").isEmpty());
        assertTrue(directory.authenticate("bob", "pw-1").isEmpty());
    }

    @Test
    void cachedCheckRejectsWrongPassword() throws Exception {
        Path file = folder.resolve("users.json");
        UserDirectory.addOrUpdateUser(file, "ann", PasswordHasher.hash("pw-1", 1000), "cc1", List.of(), List.of());
        UserDirectory directory = UserDirectory.load(file);

        assertTrue(directory.authenticate("ann", "pw-1").isPresent());
        assertTrue(directory.authenticate("ann", "pw-1").isPresent());
        assertTrue(directory.authenticate("ann", "pw-x").isEmpty());
    }

    @Test
    void updateReplacesUserAndMergesFeatures() throws Exception {
        Path file = folder.resolve("users.json");
        UserDirectory.addOrUpdateUser(file, "ann", PasswordHasher.hash("old", 1000), "cc1",
                List.of("api-ucs-voice"), List.of("agent"));
        UserDirectory.addOrUpdateUser(file, "ann", PasswordHasher.hash("new", 1000), "cc1",
                List.of("api-voice", "api-ucs-voice"), List.of("agent"));

        UserDirectory directory = UserDirectory.load(file);
        assertEquals(1, directory.size());
        assertTrue(directory.authenticate("ann", "old").isEmpty());
        assertEquals(Set.of("api-ucs-voice", "api-voice"), directory.authenticate("ann", "new").orElseThrow().features());
    }

    @Test
    void rewriteKeepsFilePermissions() throws Exception {
        Path file = folder.resolve("users.json");
        UserDirectory.addOrUpdateUser(file, "ann", PasswordHasher.hash("pw", 1000), "cc1", List.of(), List.of());
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        UserDirectory.addOrUpdateUser(file, "bob", PasswordHasher.hash("pw", 1000), "cc1", List.of(), List.of());
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void userOfUndefinedContactCenterIsRejected() throws Exception {
        Path file = folder.resolve("users.json");
        Files.writeString(file, """
                {"contactCenters": [], "users": [{"userName": "ann", "passwordHash": "x", "contactCenter": "cc9"}]}""");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> UserDirectory.load(file));
        assertTrue(error.getMessage().contains("cc9"), error.getMessage());
    }

    @Test
    void basicHeaderVariantsAreHandled() throws Exception {
        Path file = folder.resolve("users.json");
        UserDirectory.addOrUpdateUser(file, "ann", PasswordHasher.hash("p:w", 1000), "cc1", List.of(), List.of());
        BasicAuthenticator authenticator = new BasicAuthenticator(UserDirectory.load(file));
        String token = Base64.getEncoder().encodeToString("ann:p:w".getBytes(StandardCharsets.UTF_8));

        assertTrue(authenticator.authenticate("Basic " + token).isPresent());
        assertTrue(authenticator.authenticate("basic " + token).isPresent());
        assertTrue(authenticator.authenticate(null).isEmpty());
        assertTrue(authenticator.authenticate("Bearer " + token).isEmpty());
        assertTrue(authenticator.authenticate("Basic !!!").isEmpty());
        assertTrue(authenticator.authenticate("Basic " + Base64.getEncoder().encodeToString("annpw".getBytes())).isEmpty());
    }
}

package org.ucsgateway.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Users and contact centers, read from a JSON user store file:
 * <pre>{@code
 * {"contactCenters": [{"id": "demo", "features": ["api-ucs-voice"]}],
 *  "users": [{"userName": "agent", "passwordHash": "pbkdf2-sha256:...", "contactCenter": "demo",
 *             "roles": ["agent"]}]}
 * }</pre>
 * Verifying a PBKDF2 hash takes a large fraction of a second by design. After one successful
 * check, the directory keeps a SHA-256 digest of the password under a random per-process key, so
 * later requests of the same user cost one digest and a constant-time comparison.
 */
public final class UserDirectory {

    private record Entry(User user, String passwordHash) {
    }

    private final Map<String, Entry> users;
    private final Map<String, byte[]> verifiedDigests = new ConcurrentHashMap<>();
    private final byte[] digestKey = new byte[32];

    private UserDirectory(Map<String, Entry> users) {
        this.users = users;
        new java.security.SecureRandom().nextBytes(digestKey);
    }

    /** Reads a user store file; every user's contact center must be defined in the same file. */
    public static UserDirectory load(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(Files.readAllBytes(file));
        Map<String, Set<String>> features = new HashMap<>();
        for (JsonNode center : root.path("contactCenters")) {
            Set<String> centerFeatures = new LinkedHashSet<>();
            center.path("features").forEach(feature -> centerFeatures.add(feature.asText()));
            features.put(requiredText(center, "id", file), centerFeatures);
        }

        Map<String, Entry> users = new HashMap<>();
        for (JsonNode node : root.path("users")) {
            String userName = requiredText(node, "userName", file);
            String contactCenter = requiredText(node, "contactCenter", file);
            if (!features.containsKey(contactCenter)) {
                throw new IllegalArgumentException("User " + userName + " in " + file
                        + " belongs to contact center " + contactCenter + ", which the file does not define");
            }
            List<String> roles = new ArrayList<>();
            node.path("roles").forEach(role -> roles.add(role.asText()));
            User user = new User(userName, contactCenter, List.copyOf(roles), Set.copyOf(features.get(contactCenter)));
            users.put(userName, new Entry(user, requiredText(node, "passwordHash", file)));
        }
        return new UserDirectory(users);
    }

    /**
     * Adds a user to a user store file, or replaces the user of the same name, creating the file
     * when missing. The contact center is created when missing; given features are added to it.
     */
    public static void addOrUpdateUser(Path file, String userName, String passwordHash, String contactCenter,
                                       List<String> features, List<String> roles) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = Files.exists(file) ? (ObjectNode) mapper.readTree(Files.readAllBytes(file))
                : mapper.createObjectNode();
        ArrayNode centers = root.withArray("contactCenters");
        ArrayNode users = root.withArray("users");

        ObjectNode center = null;
        for (JsonNode node : centers) {
            if (contactCenter.equals(node.path("id").asText())) {
                center = (ObjectNode) node;
            }
        }
        if (center == null) {
            center = centers.addObject();
            center.put("id", contactCenter);
        }
        ArrayNode centerFeatures = center.withArray("features");
        for (String feature : features) {
            boolean present = false;
            for (JsonNode existing : centerFeatures) {
                present |= feature.equals(existing.asText());
            }
            if (!present) {
                centerFeatures.add(feature);
            }
        }

        for (int i = users.size() - 1; i >= 0; i--) {
            if (userName.equals(users.get(i).path("userName").asText())) {
                users.remove(i);
            }
        }
        ObjectNode user = users.addObject();
        user.put("userName", userName);
        user.put("passwordHash", passwordHash);
        user.put("contactCenter", contactCenter);
        roles.forEach(user.putArray("roles")::add);

        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        Files.write(temporary, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        keepPermissions(file, temporary);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Gives the replacement file the permissions of the file it replaces, or owner read-write and
     * group read for a new file, so that a gateway running under a group can read it.
     */
    private static void keepPermissions(Path file, Path replacement) throws IOException {
        if (!Files.getFileStore(replacement).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.exists(file)
                ? Files.getPosixFilePermissions(file)
                : PosixFilePermissions.fromString("rw-r-----");
        Files.setPosixFilePermissions(replacement, permissions);
    }

    /** Returns the user when the password matches, otherwise empty. */
    public Optional<User> authenticate(String userName, String password) {
        Entry entry = users.get(userName);
        if (entry == null) {
            return Optional.empty();
        }

        byte[] digest = PasswordHasher.sha256(digestKey, password);
        if (isVerified(userName, digest)) {
            return Optional.of(entry.user());
        }
        // One PBKDF2 check per user at a time: concurrent first requests of a user wait for it and
        // then find the digest, instead of each spending a large fraction of a second of CPU.
        synchronized (entry) {
            if (isVerified(userName, digest)) {
                return Optional.of(entry.user());
            }
            if (!PasswordHasher.matches(password, entry.passwordHash())) {
                return Optional.empty();
            }
            verifiedDigests.put(userName, digest);
            return Optional.of(entry.user());
        }
    }

    private boolean isVerified(String userName, byte[] digest) {
        byte[] verified = verifiedDigests.get(userName);
        return verified != null && java.security.MessageDigest.isEqual(verified, digest);
    }

    public int size() {
        return users.size();
    }

    private static String requiredText(JsonNode node, String field, Path file) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("Entry in " + file + " lacks the text field '" + field + "': " + node);
        }
        return value.asText();
    }
}

package org.ucsgateway.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.ucsgateway.security.PasswordHasher;

/** The users of the test gateways and the user store file that defines them. */
public final class TestUsers {

    public static final String CENTER_WITH_VOICE = "center-a";
    public static final String CENTER_WITHOUT_VOICE = "center-b";

    public static final String AGENT = "agent1";
    public static final String AGENT_PASSWORD = "secret-1";
    public static final String SECOND_AGENT = "agent2";
    public static final String SECOND_AGENT_PASSWORD = "secret-2";
    public static final String AGENT_WITHOUT_FEATURE = "agent3";
    public static final String AGENT_WITHOUT_FEATURE_PASSWORD = "secret-3";

    /** PBKDF2 iterations for test users: low, so that the first login of each test stays fast. */
    private static final int ITERATIONS = 1000;

    private TestUsers() {
    }

    /** Writes the user store file with both contact centers and the three users. */
    public static Path write(Path folder) throws IOException {
        String json = """
                {
                  "contactCenters": [
                    {"id": "%s", "features": ["api-ucs-voice"]},
                    {"id": "%s", "features": ["api-voice"]}
                  ],
                  "users": [
                    {"userName": "%s", "passwordHash": "%s", "contactCenter": "%s", "roles": ["agent"]},
                    {"userName": "%s", "passwordHash": "%s", "contactCenter": "%s", "roles": ["agent"]},
                    {"userName": "%s", "passwordHash": "%s", "contactCenter": "%s", "roles": ["agent"]}
                  ]
                }
                """.formatted(CENTER_WITH_VOICE, CENTER_WITHOUT_VOICE,
                AGENT, PasswordHasher.hash(AGENT_PASSWORD, ITERATIONS), CENTER_WITH_VOICE,
                SECOND_AGENT, PasswordHasher.hash(SECOND_AGENT_PASSWORD, ITERATIONS), CENTER_WITH_VOICE,
                AGENT_WITHOUT_FEATURE, PasswordHasher.hash(AGENT_WITHOUT_FEATURE_PASSWORD, ITERATIONS),
                CENTER_WITHOUT_VOICE);
        Path file = folder.resolve("users.json");
        Files.writeString(file, json);
        return file;
    }
}

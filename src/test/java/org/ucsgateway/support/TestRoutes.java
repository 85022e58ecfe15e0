package org.ucsgateway.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Copies of the repository's routes/ folder that a test may edit. */
public final class TestRoutes {

    private TestRoutes() {
    }

    /** Copies every file of routes/ into a new temporary folder and returns that folder. */
    public static Path copy() throws IOException {
        Path target = Files.createTempDirectory("ucs-test-routes");
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
        return target;
    }

    /**
     * Replaces one exact piece of text in a route file; fails when the text is not there exactly
     * once. The new content is written to a temporary file that is then renamed over the route file,
     * so a watching gateway never reads a half-written file.
     */
    public static void replace(Path file, String text, String replacement) throws IOException {
        String content = Files.readString(file, StandardCharsets.UTF_8);
        int first = content.indexOf(text);
        if (first < 0 || content.indexOf(text, first + 1) >= 0) {
            throw new IllegalStateException("Expected exactly one '" + text + "' in " + file);
        }
        Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(temporary, content.replace(text, replacement), StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

package org.ucsgateway.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Reads HTTP Basic credentials from an Authorization header value and checks them. */
public final class BasicAuthenticator {

    private static final String SCHEME = "Basic ";

    private final UserDirectory directory;

    public BasicAuthenticator(UserDirectory directory) {
        this.directory = directory;
    }

    /** Returns the user named by valid credentials, or empty when the header is absent, malformed or wrong. */
    public Optional<User> authenticate(String authorization) {
        if (authorization == null || authorization.length() <= SCHEME.length()
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }

        String decoded;
        try {
            byte[] bytes = Base64.getDecoder().decode(authorization.substring(SCHEME.length()).trim());
            decoded = new String(bytes, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        return directory.authenticate(decoded.substring(0, colon), decoded.substring(colon + 1));
    }
}

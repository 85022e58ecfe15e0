package org.ucsgateway.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads HTTP Basic credentials from an Authorization header value and checks them, refusing
 * user names and client addresses that {@link LoginThrottle} locked after repeated failures.
 */
public final class BasicAuthenticator {

    private static final String SCHEME = "Basic ";

    private final UserDirectory directory;
    private final LoginThrottle userThrottle;
    private final LoginThrottle addressThrottle;

    /** Creates an authenticator that never throttles. */
    public BasicAuthenticator(UserDirectory directory) {
        this(directory, LoginThrottle.disabled(), LoginThrottle.disabled());
    }

    /**
     * @param userThrottle    counts failures per user name
     * @param addressThrottle counts failures per client address, which many users can share
     */
    public BasicAuthenticator(UserDirectory directory, LoginThrottle userThrottle, LoginThrottle addressThrottle) {
        this.directory = directory;
        this.userThrottle = userThrottle;
        this.addressThrottle = addressThrottle;
    }

    /**
     * Checks the credentials of a request from a client address. A request without an
     * Authorization header is not counted as a failure, because clients send one only after the
     * 401 challenge.
     *
     * @param clientAddress the client's IP address, or null when unknown
     */
    public AuthenticationResult authenticate(String authorization, String clientAddress) {
        String userName = userName(authorization);
        long locked = Math.max(userName == null ? 0 : userThrottle.lockedSeconds(userName),
                clientAddress == null ? 0 : addressThrottle.lockedSeconds(clientAddress));
        if (locked > 0) {
            return new AuthenticationResult(null, locked);
        }

        Optional<User> user = authenticate(authorization);
        if (user.isPresent()) {
            userThrottle.succeeded(userName);
            return new AuthenticationResult(user.get(), 0);
        }
        if (authorization != null) {
            if (userName != null) {
                userThrottle.failed(userName, userName, clientAddress);
            }
            if (clientAddress != null) {
                addressThrottle.failed(clientAddress, userName, clientAddress);
            }
        }
        return new AuthenticationResult(null, 0);
    }

    /** Returns the user name of a Basic header, or null when the header is absent or malformed. */
    private static String userName(String authorization) {
        String decoded = decode(authorization);
        if (decoded == null) {
            return null;
        }
        int colon = decoded.indexOf(':');
        return colon <= 0 ? null : decoded.substring(0, colon);
    }

    /**
     * Returns the user named by valid credentials, or empty when the header is absent, malformed or
     * wrong. It does not throttle; callers that face clients use {@link #authenticate(String, String)}.
     */
    public Optional<User> authenticate(String authorization) {
        String decoded = decode(authorization);
        if (decoded == null) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        return directory.authenticate(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    private static String decode(String authorization) {
        if (authorization == null || authorization.length() <= SCHEME.length()
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(authorization.substring(SCHEME.length()).trim());
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

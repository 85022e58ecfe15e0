package org.ucsgateway.security;

/**
 * Outcome of checking credentials.
 *
 * @param user              the authenticated user, or null
 * @param retryAfterSeconds when above 0, the user name or client address is locked for that long
 *                          after repeated failures, and the credentials were not checked
 */
public record AuthenticationResult(User user, long retryAfterSeconds) {

    public boolean authenticated() {
        return user != null;
    }

    public boolean throttled() {
        return retryAfterSeconds > 0;
    }
}

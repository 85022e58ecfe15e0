package org.ucsgateway.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.ucsgateway.ingress.GatewayException;
import org.ucsgateway.ingress.StatusCode;

/**
 * Optional CSRF protection in the manner of GWS, referenced by name from the routes. When
 * enabled, the response to an authenticated GET carries the headers
 * {@code X-CSRF-HEADER: X-CSRF-TOKEN} and {@code X-CSRF-TOKEN: <token>}, and sets the session
 * cookie {@value #COOKIE} when the request had none. Every POST must send that cookie and the
 * token in {@code X-CSRF-TOKEN}, or it gets 403 with statusCode 3. The token is an HMAC of the
 * session id and the user name, so it needs no server-side state. Instances that share
 * {@code ucs.security.csrf.secret} accept each other's tokens.
 */
public final class CsrfProtection {

    public static final String COOKIE = "UCS_SESSIONID";
    public static final String TOKEN_HEADER = "X-CSRF-TOKEN";
    public static final String NAME_HEADER = "X-CSRF-HEADER";
    private static final String USER_PROPERTY = "ucs.user";
    private static final String ALGORITHM = "HmacSHA256";

    private final boolean enabled;
    private final byte[] key;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param secret key of the token HMAC; blank takes a random key, valid for this process only
     */
    public CsrfProtection(boolean enabled, String secret) {
        this.enabled = enabled;
        if (secret == null || secret.isBlank()) {
            this.key = new byte[32];
            random.nextBytes(this.key);
        } else {
            this.key = secret.getBytes(StandardCharsets.UTF_8);
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /** Adds the token headers, and a session cookie when needed, to the response of an authenticated GET. */
    public void issue(Exchange exchange) {
        if (!enabled) {
            return;
        }
        User user = exchange.getProperty(USER_PROPERTY, User.class);
        String sessionId = cookie(exchange.getIn().getHeader("Cookie", String.class));
        Message answer = exchange.getMessage();
        if (sessionId == null) {
            byte[] bytes = new byte[18];
            random.nextBytes(bytes);
            sessionId = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            answer.setHeader("Set-Cookie", COOKIE + "=" + sessionId + "; Path=/; HttpOnly; SameSite=Strict");
        }
        answer.setHeader(NAME_HEADER, TOKEN_HEADER);
        answer.setHeader(TOKEN_HEADER, token(sessionId, user.userName()));
    }

    /** Rejects a POST without the session cookie and its matching token, with 403 and statusCode 3. */
    public void verify(Exchange exchange) {
        if (!enabled) {
            return;
        }
        User user = exchange.getProperty(USER_PROPERTY, User.class);
        String sessionId = cookie(exchange.getIn().getHeader("Cookie", String.class));
        String sent = exchange.getIn().getHeader(TOKEN_HEADER, String.class);
        boolean valid = sessionId != null && sent != null && MessageDigest.isEqual(
                token(sessionId, user.userName()).getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
        if (!valid) {
            throw new GatewayException(StatusCode.FORBIDDEN, 403, "Operation forbidden: missing or invalid CSRF token; "
                    + "send the " + TOKEN_HEADER + " header of a GET answer together with its " + COOKIE + " cookie",
                    Map.of());
        }
    }

    private String token(String sessionId, String userName) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            byte[] digest = mac.doFinal((sessionId + "\n" + userName).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JDK", e);
        }
    }

    /** Returns the value of the session cookie in a Cookie header, or null. */
    static String cookie(String header) {
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            String trimmed = part.trim();
            if (trimmed.startsWith(COOKIE + "=") && trimmed.length() > COOKIE.length() + 1) {
                return trimmed.substring(COOKIE.length() + 1);
            }
        }
        return null;
    }
}

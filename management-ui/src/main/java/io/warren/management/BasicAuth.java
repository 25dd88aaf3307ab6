package io.warren.management;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.warren.broker.security.Authenticator;
import io.warren.broker.security.Credentials;
import io.warren.broker.security.LoopbackRule;
import io.warren.broker.security.User;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * HTTP basic authentication against the broker's users, with the broker's own password check and
 * {@code loopback_users} rule, answering as RabbitMQ's management API does (checked against 3.10):
 * <ul>
 *   <li>no credentials: 401 with an empty body and {@code WWW-Authenticate};</li>
 *   <li>unknown user, wrong or blank password, unreadable header: 401
 *       {@code {"error":"not_authorized","reason":"Login failed"}} with {@code WWW-Authenticate};</li>
 *   <li>a loopback-only user from elsewhere: 401
 *       {@code {"error":"not_authorised","reason":"User can only log in via localhost"}}.</li>
 * </ul>
 */
final class BasicAuth {
    static final String CHALLENGE = "Basic realm=\"RabbitMQ Management\"";
    static final String LOOPBACK_REFUSAL = "User can only log in via localhost";

    private final Authenticator authenticator;
    private final Set<String> loopbackUsers;

    BasicAuth(Authenticator authenticator, Set<String> loopbackUsers) {
        this.authenticator = authenticator;
        this.loopbackUsers = loopbackUsers;
    }

    /** The user, or the refusal to answer with. */
    record Login(User user, JsonResponse refusal) {
    }

    Login login(String authorization, SocketAddress remote) {
        if (authorization == null || authorization.isBlank()) {
            return refused(new JsonResponse(HttpResponseStatus.UNAUTHORIZED, null, Map.of("www-authenticate", CHALLENGE)));
        }
        Credentials credentials = parse(authorization);
        if (credentials == null || credentials.password().isEmpty()) {
            return refused(loginFailed());
        }
        Optional<User> user = authenticator.authenticate(credentials);
        if (user.isEmpty()) {
            return refused(loginFailed());
        }
        if (!LoopbackRule.allows(loopbackUsers, credentials.username(), remote)) {
            return refused(ApiException.notAuthorised(LOOPBACK_REFUSAL).toResponse());
        }
        return new Login(user.get(), null);
    }

    private static Login refused(JsonResponse response) {
        return new Login(null, response);
    }

    private static JsonResponse loginFailed() {
        return JsonResponse.error(HttpResponseStatus.UNAUTHORIZED, "not_authorized", "Login failed")
                .withHeader("www-authenticate", CHALLENGE);
    }

    /** {@code Basic base64(user:password)}; null when the header is not that. */
    static Credentials parse(String authorization) {
        int space = authorization.indexOf(' ');
        if (space < 0 || !authorization.substring(0, space).equalsIgnoreCase("Basic")) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(space + 1).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        return new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1));
    }
}

package io.warren.management;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.warren.broker.security.Authenticator;
import io.warren.broker.security.User;
import io.warren.broker.security.UserStore;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BasicAuthTest {
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 40000);
    private static final InetSocketAddress REMOTE = new InetSocketAddress("192.0.2.7", 40000);

    private final UserStore users = new UserStore();
    private final BasicAuth auth = new BasicAuth(new Authenticator(users), Set.of("guest"));

    BasicAuthTest() {
        users.addUser("guest", "guest", Set.of("administrator"));
        users.addUser("ops", "secret", Set.of("monitoring"));
        users.putUser(new User("nopass", "", Set.of("administrator")));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void rightCredentialsLogIn() {
        assertThat(auth.login(basic("ops", "secret"), REMOTE).user().name()).isEqualTo("ops");
        assertThat(auth.login(basic("guest", "guest"), LOCAL).user().name()).isEqualTo("guest");
        assertThat(auth.login("basic " + basic("ops", "secret").substring(6), REMOTE).user()).isNotNull();
    }

    @Test
    void noCredentialsIsAnEmpty401WithAChallenge() {
        JsonResponse refusal = auth.login(null, LOCAL).refusal();
        assertThat(refusal.status()).isEqualTo(HttpResponseStatus.UNAUTHORIZED);
        assertThat(refusal.body()).isNull();
        assertThat(refusal.headers()).containsEntry("www-authenticate", "Basic realm=\"RabbitMQ Management\"");
    }

    @Test
    void badCredentialsAreLoginFailedWithAChallenge() {
        for (String header : new String[] {basic("ops", "wrong"), basic("nobody", "x"), basic("ops", ""),
                basic("nopass", ""), basic("nopass", "anything"), "Basic !!!", "Bearer abc",
                "Basic " + Base64.getEncoder().encodeToString("no-colon".getBytes(StandardCharsets.UTF_8))}) {
            JsonResponse refusal = auth.login(header, LOCAL).refusal();
            assertThat(refusal).as(header).isNotNull();
            assertThat(refusal.status()).isEqualTo(HttpResponseStatus.UNAUTHORIZED);
            assertThat(refusal.body()).isEqualTo(Map.of("error", "not_authorized", "reason", "Login failed"));
            assertThat(refusal.headers()).containsKey("www-authenticate");
        }
    }

    @Test
    void aLoopbackUserFromElsewhereIsRefusedAsRabbitMqRefusesIt() {
        JsonResponse refusal = auth.login(basic("guest", "guest"), REMOTE).refusal();
        assertThat(refusal.status()).isEqualTo(HttpResponseStatus.UNAUTHORIZED);
        assertThat(refusal.body()).isEqualTo(Map.of("error", "not_authorised",
                "reason", "User can only log in via localhost"));
        assertThat(refusal.headers()).doesNotContainKey("www-authenticate");
        assertThat(auth.login(basic("guest", "guest"), new InetSocketAddress("::1", 1)).user()).isNotNull();
        assertThat(new BasicAuth(new Authenticator(users), Set.of()).login(basic("guest", "guest"), REMOTE).user())
                .isNotNull();
    }

    @Test
    void tagsDecideAccessAsInRabbitMq() {
        User admin = new User("a", "", Set.of("administrator"));
        User monitor = new User("m", "", Set.of("monitoring"));
        User policymaker = new User("p", "", Set.of("policymaker"));
        User management = new User("g", "", Set.of("management"));
        User none = new User("n", "", Set.of("impersonator"));
        assertThat(Access.ADMINISTRATOR.allows(admin)).isTrue();
        assertThat(Access.ADMINISTRATOR.allows(monitor)).isFalse();
        assertThat(Access.MONITORING.allows(admin)).isTrue();
        assertThat(Access.MONITORING.allows(monitor)).isTrue();
        assertThat(Access.MONITORING.allows(policymaker)).isFalse();
        assertThat(Access.POLICYMAKER.allows(policymaker)).isTrue();
        assertThat(Access.POLICYMAKER.allows(admin)).isTrue();
        assertThat(Access.POLICYMAKER.allows(monitor)).isFalse();
        for (User u : new User[] {admin, monitor, policymaker, management}) {
            assertThat(Access.MANAGEMENT.allows(u)).as(u.name()).isTrue();
        }
        assertThat(Access.MANAGEMENT.allows(none)).isFalse();
        assertThat(Access.PUBLIC.allows(none)).isTrue();
        assertThat(Access.MANAGEMENT.refusal()).isEqualTo("Not management user");
        assertThat(Access.MONITORING.refusal()).isEqualTo("Not monitor user");
        assertThat(Access.ADMINISTRATOR.refusal()).isEqualTo("Not administrator user");
    }
}

package io.warren.management;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.warren.broker.AmqpException;
import org.junit.jupiter.api.Test;

/** How an AMQP refusal becomes an HTTP answer. */
class ApiExceptionTest {
    @Test
    void eachReplyCodeGetsTheStatusRabbitMqsApiAnswersWith() {
        ApiException refused = ApiException.from(AmqpException.accessRefused("access to queue 'q' refused"));
        assertThat(refused.status()).isEqualTo(HttpResponseStatus.UNAUTHORIZED);
        assertThat(refused.reason()).isEqualTo("Access refused.");

        ApiException missing = ApiException.from(AmqpException.notFound("no queue 'q' in vhost '/'"));
        assertThat(missing.status()).isEqualTo(HttpResponseStatus.NOT_FOUND);
        assertThat(missing.error()).isEqualTo("not_found");

        ApiException inequivalent = ApiException.from(AmqpException.preconditionFailed("inequivalent arg 'durable'"));
        assertThat(inequivalent.status()).isEqualTo(HttpResponseStatus.BAD_REQUEST);
        assertThat(inequivalent.error()).isEqualTo("bad_request");
    }

    @Test
    void theBrokersOwnFailureIsAServerErrorNotTheClients() {
        ApiException failed = ApiException.from(AmqpException.internalError(
                "message could not be written to disk: cannot write the message store in /data: No space left"));
        assertThat(failed.status()).isEqualTo(HttpResponseStatus.INTERNAL_SERVER_ERROR);
        assertThat(failed.error()).isEqualTo("internal_server_error");
        assertThat((String) failed.reason()).contains("No space left");
    }
}

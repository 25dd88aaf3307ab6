package io.warren.management.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Answers keep the order of pipelined requests, also when the first is answered asynchronously. */
class PipeliningApiTest {
    @RegisterExtension
    static final ApiBroker broker = new ApiBroker();

    @Test
    void anAsynchronousAnswerIsNotOvertakenByTheNextRequests() throws Exception {
        broker.put("/api/queues/%2F/pipe", "{}");
        String auth = "Authorization: Basic Z3Vlc3Q6Z3Vlc3Q=\r\n";
        // A purge is answered from the queue's callback, on another thread, after the request returned.
        String requests = "DELETE /api/queues/%2F/pipe/contents HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n"
                + "GET /api/whoami HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n"
                + "GET /api/nosuch HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        String responses;
        try (Socket socket = new Socket("127.0.0.1", broker.uri("/").getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(requests.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            responses = all.toString(StandardCharsets.UTF_8);
        }
        int queue = responses.indexOf("HTTP/1.1 204 No Content");
        int whoami = responses.indexOf("{\"name\":\"guest\"");
        int notFound = responses.indexOf("Object Not Found");
        assertThat(queue).isNotNegative();
        assertThat(whoami).isGreaterThan(queue);
        assertThat(notFound).isGreaterThan(whoami);
    }
}

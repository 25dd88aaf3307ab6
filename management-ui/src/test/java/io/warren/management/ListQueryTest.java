package io.warren.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListQueryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Object apply(String query, List<Map<String, Object>> rows) {
        return ListQuery.of(request(query)).apply(rows);
    }

    private static ApiRequest request(String query) {
        return new ApiRequest(HttpMethod.GET, "/api/x", Map.of(),
                new QueryStringDecoder("/api/x?" + query).parameters(), new DefaultHttpHeaders(), new byte[0], null,
                null, JSON);
    }

    private static Map<String, Object> row(String name, String type, int publish) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", name);
        row.put("type", type);
        row.put("message_stats", new LinkedHashMap<>(Map.of("publish", publish)));
        row.put("arguments", new LinkedHashMap<>());
        return row;
    }

    private static final List<Map<String, Object>> ROWS = List.of(
            row("", "direct", 5), row("amq.direct", "direct", 1), row("amq.fanout", "fanout", 9),
            row("amq.topic", "topic", 2), row("orders", "direct", 7), row("Payments", "fanout", 3));

    private static List<Object> names(Object result) {
        List<Object> names = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = result instanceof Map<?, ?> page
                ? (List<Map<String, Object>>) page.get("items") : (List<Map<String, Object>>) result;
        items.forEach(item -> names.add(item.get("name")));
        return names;
    }

    @Test
    void withoutParametersTheListIsUnchanged() {
        assertThat(apply("", ROWS)).isEqualTo(ROWS);
    }

    @Test
    void sortsByANestedKeyAndReverses() {
        assertThat(names(apply("sort=message_stats.publish", ROWS)))
                .containsExactly("amq.direct", "amq.topic", "Payments", "", "orders", "amq.fanout");
        assertThat(names(apply("sort=message_stats.publish&sort_reverse=true", ROWS)))
                .containsExactly("amq.fanout", "orders", "", "Payments", "amq.topic", "amq.direct");
    }

    @Test
    void sortingKeepsTheDefaultOrderAmongEqualsAndReverseReversesAll() {
        // RabbitMQ's answer for exchanges sorted by type, reversed: the whole sorted list reversed.
        assertThat(names(apply("sort=type&sort_reverse=true", ROWS)))
                .containsExactly("amq.topic", "Payments", "amq.fanout", "orders", "amq.direct", "");
    }

    @Test
    void pagesInRabbitMqsShape() throws Exception {
        Object page = apply("page=2&page_size=4&columns=name", ROWS);
        assertThat(JSON.writeValueAsString(page)).isEqualTo("{\"filtered_count\":6,\"item_count\":2,"
                + "\"items\":[{\"name\":\"orders\"},{\"name\":\"Payments\"}],\"page\":2,\"page_count\":2,"
                + "\"page_size\":4,\"total_count\":6}");
    }

    @Test
    void nameFiltersOnlyWhenPagingCaseInsensitivelyAsSubstringOrRegex() {
        assertThat(names(apply("name=AMQ", ROWS))).hasSize(6);
        assertThat(names(apply("page=1&name=AMQ", ROWS))).containsExactly("amq.direct", "amq.fanout", "amq.topic");
        assertThat(names(apply("page=1&name=.d", ROWS))).containsExactly("amq.direct");
        assertThat(names(apply("page=1&name=^p|^o&use_regex=true", ROWS))).containsExactly("orders", "Payments");
        Map<?, ?> page = (Map<?, ?>) apply("page=1&name=amq&page_size=2", ROWS);
        assertThat(page.get("filtered_count")).isEqualTo(3);
        assertThat(page.get("total_count")).isEqualTo(6);
        assertThat(page.get("page_count")).isEqualTo(2);
    }

    @Test
    void columnsKeepDottedPathsAndEmptyParentsAsRabbitMq() throws Exception {
        Object trimmed = apply("columns=name,message_stats.publish,arguments.x,nosuch", List.of(row("q", "t", 4)));
        assertThat(JSON.writeValueAsString(trimmed))
                .isEqualTo("[{\"name\":\"q\",\"message_stats\":{\"publish\":4},\"arguments\":{}}]");
        Object whole = apply("columns=message_stats,message_stats.publish", List.of(row("q", "t", 4)));
        assertThat(JSON.writeValueAsString(whole)).isEqualTo("[{\"message_stats\":{\"publish\":4}}]");
    }

    @Test
    void badPageParametersAreRabbitMqs400s() {
        assertRefused("page=0", "invalid_pagination_parameters",
                "Invalid pagination parameters: page number 0, page size undefined");
        assertRefused("page=1&page_size=501", "invalid_pagination_parameters",
                "Invalid pagination parameters: page number 1, page size 501");
        assertRefused("page=1&page_size=0", "invalid_pagination_parameters",
                "Invalid pagination parameters: page number 1, page size 0");
        assertRefused("page=abc", "bad_request", "Pagination parameters are invalid");
        assertRefused("page=1&page_size=x", "bad_request", "Pagination parameters are invalid");
        assertRefused("page=1&name=(&use_regex=true", "bad_request", "Pagination parameters are invalid");
        assertThatThrownBy(() -> apply("page=5", List.of()))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.error()).isEqualTo("page_out_of_range");
                    assertThat(e.reason()).isEqualTo("Page out of range, page: 5 page size: 100, len: 0");
                });
        assertThat(names(apply("page=1", List.of()))).isEmpty(); // page 1 of nothing is fine
    }

    private static void assertRefused(String query, String error, String reason) {
        assertThatThrownBy(() -> apply(query, ROWS)).as(query).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(HttpResponseStatus.BAD_REQUEST);
            assertThat(e.error()).isEqualTo(error);
            assertThat(e.reason()).isEqualTo(reason);
        });
    }

    @Test
    void valuesSortInErlangTermOrder() {
        assertThat(ListQuery.compareValues(5, "a")).isNegative();
        assertThat(ListQuery.compareValues(null, "a")).isNegative();
        assertThat(ListQuery.compareValues(2, null)).isNegative();
        assertThat(ListQuery.compareValues("B", "a")).isNegative();
        assertThat(ListQuery.compareValues(10L, 9)).isPositive();
    }
}

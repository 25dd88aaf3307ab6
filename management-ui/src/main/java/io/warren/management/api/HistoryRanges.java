package io.warren.management.api;

import io.warren.broker.stats.HistoryRange;
import io.warren.management.ApiException;
import io.warren.management.ApiRequest;

/** RabbitMQ's history query parameters ({@code msg_rates_age}/{@code _incr}, {@code lengths_age}/{@code _incr}). */
final class HistoryRanges {
    private HistoryRanges() {
    }

    static HistoryRange rates(ApiRequest r) {
        return of(r, "msg_rates_age", "msg_rates_incr");
    }

    static HistoryRange lengths(ApiRequest r) {
        return of(r, "lengths_age", "lengths_incr");
    }

    /** The range two parameters ask for, null when absent; 400 when they make no sense. */
    private static HistoryRange of(ApiRequest r, String age, String incr) {
        try {
            return HistoryRange.of(r.query(age), r.query(incr));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }
}

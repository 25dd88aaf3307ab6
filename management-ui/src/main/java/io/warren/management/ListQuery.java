package io.warren.management;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * RabbitMQ's list parameters, applied to rows built as maps (checked against RabbitMQ 3.10):
 * <ul>
 *   <li>{@code sort} (a field, dotted for nested ones: {@code message_stats.publish}) and
 *       {@code sort_reverse}; rows keep their default order among equals;</li>
 *   <li>{@code columns}: a comma-separated list of (dotted) fields to keep;</li>
 *   <li>{@code page} (from 1) and {@code page_size} (1-500, default 100) turn the answer into
 *       {@code {filtered_count, item_count, items, page, page_count, page_size, total_count}};
 *       only then does {@code name} filter by name, case-insensitively, as a substring or, with
 *       {@code use_regex=true}, a regular expression.</li>
 * </ul>
 * Bad page parameters are RabbitMQ's 400 answers: {@code bad_request} "Pagination parameters are
 * invalid" for text that is not a number (or a bad regex), {@code invalid_pagination_parameters}
 * for numbers out of range, {@code page_out_of_range} past the last page.
 */
public final class ListQuery {
    public static final int DEFAULT_PAGE_SIZE = 100;
    public static final int MAX_PAGE_SIZE = 500;

    private final Integer page;
    private final int pageSize;
    private final Pattern nameFilter;
    private final String sort;
    private final boolean sortReverse;
    private final List<String[]> columns;

    private ListQuery(Integer page, int pageSize, Pattern nameFilter, String sort, boolean sortReverse,
                      List<String[]> columns) {
        this.page = page;
        this.pageSize = pageSize;
        this.nameFilter = nameFilter;
        this.sort = sort;
        this.sortReverse = sortReverse;
        this.columns = columns;
    }

    /** The parameters of {@code request}; throws the 400 answers for bad page parameters. */
    public static ListQuery of(ApiRequest request) {
        String pageText = request.query("page");
        String sizeText = request.query("page_size");
        Integer page = null;
        int pageSize = DEFAULT_PAGE_SIZE;
        Pattern nameFilter = null;
        if (pageText != null) {
            page = parseInt(pageText);
            Integer size = sizeText == null ? null : parseInt(sizeText);
            if (page < 1 || (size != null && (size < 1 || size > MAX_PAGE_SIZE))) {
                throw new ApiException(HttpResponseStatus.BAD_REQUEST, "invalid_pagination_parameters",
                        "Invalid pagination parameters: page number " + page + ", page size "
                                + (size == null ? "undefined" : size));
            }
            pageSize = size == null ? DEFAULT_PAGE_SIZE : size;
            String name = request.query("name");
            if (name != null && !name.isEmpty()) {
                try {
                    nameFilter = "true".equals(request.query("use_regex"))
                            ? Pattern.compile(name, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)
                            : Pattern.compile(Pattern.quote(name), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
                } catch (PatternSyntaxException e) {
                    throw invalid();
                }
            }
        }
        String sort = request.query("sort");
        List<String[]> columns = null;
        String columnsText = request.query("columns");
        if (columnsText != null && !columnsText.isEmpty()) {
            columns = new ArrayList<>();
            for (String column : columnsText.split(",")) {
                if (!column.isBlank()) {
                    columns.add(column.trim().split("\\."));
                }
            }
        }
        return new ListQuery(page, pageSize, nameFilter, sort == null || sort.isEmpty() ? null : sort,
                request.queryFlag("sort_reverse"), columns);
    }

    private static int parseInt(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    private static ApiException invalid() {
        return ApiException.badRequest("Pagination parameters are invalid");
    }

    /** Sorts, pages and trims {@code rows}, which the list endpoint built in its default order. */
    public Object apply(List<Map<String, Object>> rows) {
        return apply(rows, true);
    }

    /**
     * As {@link #apply(List)}; with {@code pageable} false (RabbitMQ's users, permissions and
     * bindings lists) the page parameters are ignored and a plain list comes back.
     */
    public Object apply(List<Map<String, Object>> rows, boolean pageable) {
        List<Map<String, Object>> sorted = new ArrayList<>(rows);
        if (sort != null) {
            String[] path = sort.split("\\.");
            sorted.sort(Comparator.<Map<String, Object>, Object>comparing(row -> lookup(row, path),
                    ListQuery::compareValues));
        }
        if (sortReverse) {
            Collections.reverse(sorted);
        }
        if (page == null || !pageable) {
            return trim(sorted);
        }
        List<Map<String, Object>> filtered = sorted;
        if (nameFilter != null) {
            filtered = new ArrayList<>();
            for (Map<String, Object> row : sorted) {
                Object name = row.get("name");
                if (name != null && nameFilter.matcher(name.toString()).find()) {
                    filtered.add(row);
                }
            }
        }
        int pageCount = (filtered.size() + pageSize - 1) / pageSize;
        if (page > 1 && page > pageCount) {
            throw new ApiException(HttpResponseStatus.BAD_REQUEST, "page_out_of_range",
                    "Page out of range, page: " + page + " page size: " + pageSize + ", len: " + filtered.size());
        }
        int from = Math.min((page - 1) * pageSize, filtered.size());
        int to = Math.min(from + pageSize, filtered.size());
        List<Map<String, Object>> items = trim(filtered.subList(from, to));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("filtered_count", filtered.size());
        result.put("item_count", items.size());
        result.put("items", items);
        result.put("page", page);
        result.put("page_count", pageCount);
        result.put("page_size", pageSize);
        result.put("total_count", rows.size());
        return result;
    }

    /** One object trimmed to {@code columns}, for the endpoints that show a single object. */
    public Map<String, Object> applyOne(Map<String, Object> row) {
        return columns == null ? row : select(row, columns);
    }

    private List<Map<String, Object>> trim(List<Map<String, Object>> rows) {
        if (columns == null) {
            return rows;
        }
        List<Map<String, Object>> out = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            out.add(select(row, columns));
        }
        return out;
    }

    /**
     * Keeps the given paths, in the row's own order (as RabbitMQ does, whatever the order asked); a
     * path whose parent exists but leaf does not keeps the (empty) parent, as RabbitMQ.
     */
    private static Map<String, Object> select(Map<String, Object> row, List<String[]> paths) {
        return inRowOrder(collect(row, paths), row);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> inRowOrder(Map<String, Object> picked, Map<String, Object> row) {
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : row.entrySet()) {
            Object value = picked.get(entry.getKey());
            if (value == null && !picked.containsKey(entry.getKey())) {
                continue;
            }
            if (value instanceof Map<?, ?> sub && value != entry.getValue() && entry.getValue() instanceof Map<?, ?> of) {
                value = inRowOrder((Map<String, Object>) sub, (Map<String, Object>) of);
            }
            ordered.put(entry.getKey(), value);
        }
        return ordered;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> collect(Map<String, Object> row, List<String[]> paths) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String[] path : paths) {
            Map<String, Object> from = row;
            Map<String, Object> to = out;
            for (int i = 0; i < path.length; i++) {
                if (from == null || !from.containsKey(path[i])) {
                    break;
                }
                Object value = from.get(path[i]);
                if (i == path.length - 1 || !(value instanceof Map)) {
                    to.put(path[i], value);
                    break;
                }
                Object existing = to.get(path[i]);
                if (existing == value) {
                    break; // an earlier column kept the whole of it
                }
                Map<String, Object> next = existing instanceof Map<?, ?> m
                        ? (Map<String, Object>) m : new LinkedHashMap<>();
                to.put(path[i], next);
                to = next;
                from = (Map<String, Object>) value;
            }
        }
        return out;
    }

    private static Object lookup(Map<String, Object> row, String[] path) {
        Object value = row;
        for (String key : path) {
            if (!(value instanceof Map<?, ?> map)) {
                return null;
            }
            value = map.get(key);
        }
        return value;
    }

    /**
     * Erlang's term order, which RabbitMQ's sort follows: numbers, then atoms (booleans, null),
     * then strings (by code point), then anything else.
     */
    static int compareValues(Object a, Object b) {
        int ra = rank(a);
        int rb = rank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return Boolean.compare(x, y);
        }
        return String.valueOf(a).toLowerCase(Locale.ROOT).compareTo(String.valueOf(b).toLowerCase(Locale.ROOT));
    }

    private static int rank(Object value) {
        if (value instanceof Number) {
            return 0;
        }
        if (value == null || value instanceof Boolean) {
            return 1;
        }
        if (value instanceof String) {
            return 2;
        }
        return 3;
    }
}

package io.warren.management;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves the web console: files from the class path, under fixed URL prefixes, so the console
 * ships inside the broker's jar. {@code /} is the console's {@code index.html}; {@code /js/} and
 * {@code /css/} map to the console's resource folder; {@code /webjars/NAME/FILE}
 * maps to the npm WebJar {@code NAME} on the class path, whichever version Maven put there, so the
 * console's HTML need not change when a WebJar is upgraded.
 *
 * <p>{@link #respond} answers null for every other request and for a file that does not exist, so
 * the {@link Router} answers those, with RabbitMQ's 404 where nothing matches, exactly as RabbitMQ
 * answers a missing file of its console. Only files with a known extension
 * are served, and path segments such as {@code ..}, {@code .} or ones holding a backslash are
 * refused before the class path is asked, so no request reaches a class file, a directory or a
 * resource outside the console's folders.
 *
 * <p>Responses carry a strong {@code ETag} and {@code Cache-Control: no-cache}: browsers keep the
 * files but revalidate them, answered with 304 when unchanged. The console's file names carry no
 * content hash, so a longer lifetime would keep an upgraded broker's browsers on old scripts.
 * A file is read from the class path once and then served from memory (at most the console's and
 * its WebJars' files, a few MiB), so the first request per file is the only one that blocks the
 * event loop on I/O.
 */
final class StaticFiles {
    /** Where the console's own files live on the class path. */
    static final String CONSOLE_ROOT = "io/warren/management/console/";

    private static final String WEBJARS_ROOT = "META-INF/resources/webjars/";
    private static final String WEBJARS_POM = "META-INF/maven/org.webjars.npm/%s/pom.properties";

    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "mjs", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "map", "application/json",
            "svg", "image/svg+xml",
            "png", "image/png",
            "txt", "text/plain; charset=utf-8");

    /**
     * The console loads only its own files; no inline script, no other origin. Chart.js styles its
     * canvas through the CSSOM, which {@code style-src 'self'} allows.
     */
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'";

    private record Resource(byte[] bytes, String contentType, String etag) {
    }

    private final ClassLoader classLoader;
    private final Map<String, Resource> cache = new ConcurrentHashMap<>();
    private final Map<String, Optional<String>> webJarVersions = new ConcurrentHashMap<>();

    StaticFiles(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    /** Serves the files on the class path that loaded this class. */
    static StaticFiles console() {
        return new StaticFiles(StaticFiles.class.getClassLoader());
    }

    /** Whether {@code request} is for the console (GET or HEAD under one of its prefixes) rather than for the API. */
    private static boolean forConsole(HttpRequest request) {
        if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
            return false;
        }
        String path = new QueryStringDecoder(request.uri()).rawPath();
        return path.equals("/") || path.equals("/index.html")
                || path.startsWith("/js/") || path.startsWith("/css/") || path.startsWith("/webjars/");
    }

    /**
     * The file {@code request} asks for, or 304 when the client's copy is current; null when the
     * request is not a GET or HEAD of a console file that exists.
     */
    FullHttpResponse respond(HttpRequest request) {
        if (!forConsole(request)) {
            return null;
        }
        String path;
        try {
            path = new QueryStringDecoder(request.uri()).path();
        } catch (IllegalArgumentException badEscape) {
            return null; // e.g. "%zz": no file has such a name, so the router answers
        }
        Resource resource = resourceName(path).map(this::load).orElse(null);
        if (resource == null) {
            return null;
        }
        boolean unchanged = matches(request.headers().get(HttpHeaderNames.IF_NONE_MATCH), resource.etag());
        boolean withBody = !unchanged && request.method().equals(HttpMethod.GET);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                unchanged ? HttpResponseStatus.NOT_MODIFIED : HttpResponseStatus.OK,
                withBody ? Unpooled.wrappedBuffer(resource.bytes()) : Unpooled.EMPTY_BUFFER);
        // HEAD and 304 carry the length a GET's body has (RFC 9110 allows it on 304), which also
        // lets Netty's keep-alive handler keep the connection open after them.
        response.headers()
                .set(HttpHeaderNames.ETAG, resource.etag())
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                .set("x-content-type-options", "nosniff")
                .set(HttpHeaderNames.CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, resource.bytes().length);
        if (!unchanged) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, resource.contentType());
        }
        return response;
    }

    /**
     * The class path name a decoded URL path maps to, or empty when the path is not one the console
     * serves: an unsafe segment, an unknown extension, an unknown WebJar.
     */
    Optional<String> resourceName(String path) {
        if (path.equals("/") || path.equals("/index.html")) {
            return Optional.of(CONSOLE_ROOT + "index.html");
        }
        String[] segments = path.substring(1).split("/", -1);
        for (String segment : segments) {
            if (!safe(segment)) {
                return Optional.empty();
            }
        }
        if (extension(segments[segments.length - 1]) == null) {
            return Optional.empty();
        }
        String relative = path.substring(1);
        if (segments[0].equals("webjars")) {
            if (segments.length < 3) {
                return Optional.empty();
            }
            String name = segments[1];
            String file = relative.substring("webjars/".length() + name.length() + 1);
            return webJarVersion(name).map(version -> WEBJARS_ROOT + name + "/" + version + "/" + file);
        }
        return Optional.of(CONSOLE_ROOT + relative);
    }

    /** A segment that names a file or folder and cannot climb out of one. */
    private static boolean safe(String segment) {
        return !segment.isEmpty() && !segment.equals(".") && !segment.equals("..")
                && segment.chars().noneMatch(c -> c == '\\' || c == ':' || c < 0x20);
    }

    private static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? null : CONTENT_TYPES.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** The version of npm WebJar {@code name} on the class path, from the pom.properties every WebJar carries. */
    private Optional<String> webJarVersion(String name) {
        return webJarVersions.computeIfAbsent(name, n -> {
            try (InputStream in = classLoader.getResourceAsStream(WEBJARS_POM.formatted(n))) {
                if (in == null) {
                    return Optional.empty();
                }
                Properties pom = new Properties();
                pom.load(in);
                return Optional.ofNullable(pom.getProperty("version"));
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    /** The resource, read once; null when there is no such file. Misses are not cached, so junk URLs cost no memory. */
    private Resource load(String name) {
        Resource cached = cache.get(name);
        if (cached != null) {
            return cached;
        }
        byte[] bytes = read(name);
        if (bytes == null) {
            return null;
        }
        String fileName = name.substring(name.lastIndexOf('/') + 1);
        Resource resource = new Resource(bytes, extension(fileName), etag(bytes));
        cache.putIfAbsent(name, resource);
        return resource;
    }

    private byte[] read(String name) {
        URL url = classLoader.getResource(name);
        if (url == null) {
            return null;
        }
        try {
            // Run from target/classes (tests, IDEs) a folder is a resource too; serve regular files only.
            if (url.getProtocol().equals("file") && !Files.isRegularFile(Paths.get(url.toURI()))) {
                return null;
            }
            try (InputStream in = url.openStream()) {
                return in.readAllBytes();
            }
        } catch (IOException | java.net.URISyntaxException e) {
            return null;
        }
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** RFC 9110's weak comparison for If-None-Match: any listed tag, with or without W/, or {@code *}. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals("*") || tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}

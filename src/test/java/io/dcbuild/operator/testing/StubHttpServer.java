package io.dcbuild.operator.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A scripted HTTP server on {@code 127.0.0.1} (JDK {@code com.sun.net.httpserver}) that records every request.
 * Routes match method and exact path (without query); unmatched requests get 404.
 */
public final class StubHttpServer implements AutoCloseable {

    /** What the server received. */
    public record Request(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {

        public String header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .flatMap(entry -> entry.getValue().stream()).findFirst().orElse(null);
        }

        /** All values of a query parameter, URL-decoded. */
        public List<String> queryParameters(String name) {
            List<String> values = new ArrayList<>();
            if (query == null) {
                return values;
            }
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                String key = equals < 0 ? pair : pair.substring(0, equals);
                if (key.equals(name)) {
                    values.add(java.net.URLDecoder.decode(equals < 0 ? "" : pair.substring(equals + 1),
                            StandardCharsets.UTF_8));
                }
            }
            return values;
        }
    }

    /** What to answer. */
    public record Response(int status, Map<String, List<String>> headers, byte[] body) {

        public static Response of(int status, String body, String... headerNamesAndValues) {
            Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
            for (int i = 0; i + 1 < headerNamesAndValues.length; i += 2) {
                headers.computeIfAbsent(headerNamesAndValues[i], key -> new ArrayList<>())
                        .add(headerNamesAndValues[i + 1]);
            }
            return new Response(status, headers, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Function<Request, Response>> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private StubHttpServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static StubHttpServer start() {
        return new StubHttpServer();
    }

    public StubHttpServer on(String method, String path, Function<Request, Response> responder) {
        routes.put(method + " " + path, responder);
        return this;
    }

    /** {@code 127.0.0.1:PORT}. */
    public String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public String url() {
        return "http://" + hostPort();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> requestsTo(String path) {
        return requests.stream().filter(request -> request.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()),
                    exchange.getRequestBody().readAllBytes());
            requests.add(request);
            Function<Request, Response> route = routes.get(request.method() + " " + request.path());
            Response response = route != null ? route.apply(request)
                    : Response.of(404, "{\"errors\":[{\"code\":\"NOT_FOUND\",\"message\":\"no stub route\"}]}");
            response.headers().forEach((name, values) -> exchange.getResponseHeaders().put(name, values));
            boolean noBody = response.body().length == 0 || request.method().equals("HEAD");
            exchange.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
        }
    }
}

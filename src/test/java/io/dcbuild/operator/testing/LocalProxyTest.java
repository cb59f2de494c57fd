package io.dcbuild.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LocalProxyTest {

    @Test
    void requestThroughTheProxyShowsUpInItsLog() throws Exception {
        HttpServer origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        origin.createContext("/hello", exchange -> {
            byte[] body = "hi".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        origin.start();
        try (LocalProxy proxy = LocalProxy.start()) {
            assertThat(proxy.url()).isEqualTo("http://127.0.0.1:" + proxy.port());
            HttpClient client = HttpClient.newBuilder()
                    .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", proxy.port())))
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            String target = "http://127.0.0.1:" + origin.getAddress().getPort() + "/hello";
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(target)).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("hi");
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> proxy.requests().contains("GET " + target + " HTTP/1.1"));
            assertThat(proxy.requestLog()).singleElement().asString().contains("Request (file descriptor");
        } finally {
            origin.stop(0);
        }
    }
}

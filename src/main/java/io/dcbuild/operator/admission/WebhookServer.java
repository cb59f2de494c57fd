package io.dcbuild.operator.admission;

import io.dcbuild.operator.inbound.BoundedRequestBody;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.SSLOptions;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The webhook's HTTPS server (Vert.x; TLS 1.2 and 1.3 only, no plain HTTP): {@code POST} of an AdmissionReview to
 * one of {@link AdmissionReviews}' paths. A body above {@code maxBodyBytes} is refused (413) as soon as its declared
 * length or its bytes say so; nothing beyond the bound is kept. The judgement runs off the event loop (it may read a
 * namespace the caches do not have). {@link #useCertificate} swaps the certificate for new connections while it
 * serves.
 */
public final class WebhookServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(90);

    private final HttpServer server;

    private WebhookServer(HttpServer server) {
        this.server = server;
    }

    /** Listens on {@code host:port} (0: a free port) with {@code certificate}; returns once it listens. */
    public static WebhookServer start(Vertx vertx, String host, int port, ServingCertificate certificate,
            AdmissionReviews reviews, int maxBodyBytes) {
        HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port).setSsl(true)
                .setKeyCertOptions(keyCert(certificate))
                .setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.3"))
                .setMaxInitialLineLength(4096).setMaxHeaderSize(16384)
                // a connection that sends nothing for this long is closed (the API server's are busy or reopened)
                .setIdleTimeout((int) IDLE_TIMEOUT.toSeconds());
        HttpServer server = vertx.createHttpServer(options)
                .requestHandler(request -> receive(vertx, request, reviews, maxBodyBytes));
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the admission webhook cannot listen on " + host + ":" + port + ": "
                    + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the admission webhook started", e);
        }
        return new WebhookServer(server);
    }

    /** The port it listens on. */
    public int port() {
        return server.actualPort();
    }

    /** Serves new connections with {@code certificate} from now on. */
    public void useCertificate(ServingCertificate certificate) {
        try {
            server.updateSSLOptions(new SSLOptions().setKeyCertOptions(keyCert(certificate))
                    .setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.3")))
                    .toCompletionStage().toCompletableFuture().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the admission webhook cannot use the new certificate: "
                    + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the admission webhook changed its certificate", e);
        }
    }

    @Override
    public void close() {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // closing: nothing more to do
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static PemKeyCertOptions keyCert(ServingCertificate certificate) {
        return new PemKeyCertOptions().setCertValue(Buffer.buffer(certificate.certificatePem()))
                .setKeyValue(Buffer.buffer(certificate.privateKeyPem()));
    }

    private static void receive(Vertx vertx, HttpServerRequest request, AdmissionReviews reviews, int max) {
        if (request.method() != HttpMethod.POST) {
            BoundedRequestBody.drop(request);
            answer(request, AdmissionReviews.Reply.error(405, "POST an AdmissionReview"));
            return;
        }
        String path = request.path();
        BoundedRequestBody.read(request, max, () -> answer(request, tooLarge(max)),
                body -> vertx.<AdmissionReviews.Reply>executeBlocking(() -> reviews.handle(path, body), false)
                        .onComplete(result -> answer(request, result.succeeded() ? result.result()
                                : AdmissionReviews.Reply.error(500, "the webhook failed: "
                                        + result.cause().getClass().getSimpleName()))));
    }

    private static AdmissionReviews.Reply tooLarge(int max) {
        return AdmissionReviews.Reply.error(413, "an AdmissionReview of more than " + max + " bytes is not read");
    }

    private static void answer(HttpServerRequest request, AdmissionReviews.Reply reply) {
        if (request.response().ended() || request.response().closed()) {
            return;
        }
        request.response().setStatusCode(reply.status()).putHeader("Content-Type", reply.contentType())
                .putHeader("Cache-Control", "no-store").end(reply.body());
    }
}

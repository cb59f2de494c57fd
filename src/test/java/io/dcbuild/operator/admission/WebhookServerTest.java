package io.dcbuild.operator.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dcbuild.operator.testing.OperatorSettings;
import io.dcbuild.operator.testing.controlplane.ControlPlane;
import io.dcbuild.operator.testing.controlplane.OperatorInstallation;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook's HTTPS server with a mounted certificate ({@code dcbuild.webhook.certificates=mounted}, as with
 * cert-manager), its caches on the shared control plane: files replaced while it runs (cert-manager renewing the
 * Secret, the kubelet updating the volume) are served from the next connection on; a body above the bound is refused
 * with 413, a GET with 405.
 */
class WebhookServerTest {

    private static final List<String> NAMES = List.of("localhost", "127.0.0.1");

    @TempDir
    Path dir;

    private Vertx vertx;
    private AdmissionWebhook webhook;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        if (webhook != null) {
            webhook.close();
        }
        vertx.close();
    }

    @Test
    void aReplacedMountedCertificateIsServedFromTheNextConnectionOn() throws Exception {
        SelfSignedAuthority first = SelfSignedAuthority.create("first", Duration.ofDays(30), Clock.systemUTC());
        SelfSignedAuthority second = SelfSignedAuthority.create("second", Duration.ofDays(30), Clock.systemUTC());
        ServingCertificate before = mount(first.issue(NAMES, Duration.ofDays(10), Clock.systemUTC()));
        webhook = startMounted(1_048_576);
        HttpClient trusting = client(first, second);

        assertThat(servedSerial(trusting)).isEqualTo(before.certificate().getSerialNumber());

        ServingCertificate after = mount(second.issue(NAMES, Duration.ofDays(10), Clock.systemUTC()));
        await("the renewed certificate served").atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(servedSerial(client(first, second)))
                        .isEqualTo(after.certificate().getSerialNumber()));
    }

    @Test
    void aBodyAboveTheBoundIs413AndAGetIs405() throws Exception {
        SelfSignedAuthority ca = SelfSignedAuthority.create("ca", Duration.ofDays(30), Clock.systemUTC());
        mount(ca.issue(NAMES, Duration.ofDays(10), Clock.systemUTC()));
        webhook = startMounted(1000);
        HttpClient client = client(ca);

        HttpResponse<String> large = client.send(HttpRequest.newBuilder(uri())
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[5000])).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> get = client.send(HttpRequest.newBuilder(uri()).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(large.statusCode()).isEqualTo(413);
        assertThat(large.body()).contains("more than 1000 bytes");
        assertThat(get.statusCode()).isEqualTo(405);
    }

    private AdmissionWebhook startMounted(int maxBodyBytes) {
        OperatorInstallation.install(ControlPlane.shared());
        AdmissionWebhook started = AdmissionWebhook.start(vertx, ControlPlane.shared().admin(), OperatorSettings.with(
                Map.of("dcbuild.webhook.port", "0", "dcbuild.webhook.host", "127.0.0.1",
                        "dcbuild.webhook.certificates", "mounted", "dcbuild.webhook.certificate-dir", dir.toString(),
                        "dcbuild.webhook.max-body-bytes", String.valueOf(maxBodyBytes),
                        "dcbuild.webhook.certificate-check-interval", "1s")), Clock.systemUTC());
        await("listening").atMost(Duration.ofSeconds(30)).until(() -> started.port().isPresent());
        return started;
    }

    /** Writes the files as the kubelet does: a new version of each, moved into place. */
    private ServingCertificate mount(ServingCertificate certificate) throws Exception {
        write("tls.crt", certificate.certificatePem());
        write("tls.key", certificate.privateKeyPem());
        write("ca.crt", certificate.caBundlePem());
        return certificate;
    }

    private void write(String name, String content) throws Exception {
        Path next = dir.resolve(".." + name + ".next");
        Files.writeString(next, content);
        Files.move(next, dir.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private java.math.BigInteger servedSerial(HttpClient client) throws Exception {
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(uri())
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400); // not a review, but over TLS
        return ((X509Certificate) answer.sslSession().orElseThrow().getPeerCertificates()[0]).getSerialNumber();
    }

    private URI uri() {
        return URI.create("https://127.0.0.1:" + webhook.port().orElseThrow() + AdmissionReviews.BUILDS);
    }

    /** A new client (so a new connection) trusting these CAs only. */
    private static HttpClient client(SelfSignedAuthority... cas) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        for (SelfSignedAuthority ca : cas) {
            trust.setCertificateEntry(ca.certificate().getSubjectX500Principal().getName(),
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(
                            ca.certificatePem().getBytes(StandardCharsets.US_ASCII))));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(context).build();
    }
}

package io.dcbuild.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitHttpsServerTest {

    private static TestCertificateAuthority ca;

    @TempDir
    Path workDir;

    @BeforeAll
    static void createCertificateAuthority() {
        ca = TestCertificateAuthority.create();
    }

    @AfterAll
    static void closeCertificateAuthority() {
        ca.close();
    }

    @Test
    void servesHttpsUrls() {
        try (GitHttpServer server = GitHttpServer.builder().https(ca).start()) {
            assertThat(server.createRepository("app"))
                    .isEqualTo("https://127.0.0.1:" + server.port() + "/git/app.git");
        }
    }

    @Test
    void lsRemoteFailsOnTheCertificateWhenTheCaIsNotTrusted() {
        try (GitHttpServer server = GitHttpServer.builder().https(ca).start()) {
            String url = server.createRepository("app");
            server.commit("app", "main", Map.of("a.txt", "a"));

            assertThatThrownBy(() -> Git.lsRemoteRepository().setRemote(url).call())
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("SSL")
                    .satisfies(e -> assertThat(causes(e)).hasAtLeastOneElementOfType(SSLHandshakeException.class));
        }
    }

    @Test
    void lsRemoteSucceedsWhenOnlyThisTransportTrustsTheCa() throws Exception {
        try (GitHttpServer server = GitHttpServer.builder().https(ca).start()) {
            String url = server.createRepository("app");
            String sha = server.commit("app", "main", Map.of("a.txt", "a"));

            Collection<Ref> refs = Git.lsRemoteRepository().setRemote(url)
                    .setTransportConfigCallback(trusting(ca.caCertificatePem())).call();

            assertThat(refs).extracting(ref -> ref.getObjectId().name()).contains(sha);
            assertThatThrownBy(() -> Git.lsRemoteRepository().setRemote(url).call())
                    .as("the JVM-wide default trust is unchanged")
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("SSL");
        }
    }

    @Test
    void transportTrustingAnotherCaIsRejected() {
        try (TestCertificateAuthority otherCa = TestCertificateAuthority.create();
                GitHttpServer server = GitHttpServer.builder().https(ca).start()) {
            String url = server.createRepository("app");
            server.commit("app", "main", Map.of("a.txt", "a"));

            assertThatThrownBy(() -> Git.lsRemoteRepository().setRemote(url)
                    .setTransportConfigCallback(trusting(otherCa.caCertificatePem())).call())
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("SSL")
                    .satisfies(e -> assertThat(causes(e)).hasAtLeastOneElementOfType(SSLHandshakeException.class));
        }
    }

    @Test
    void basicAuthWorksOverHttpsForLsRemoteAndClone() throws Exception {
        try (GitHttpServer server = GitHttpServer.builder().basicAuth("alice", "s3cret").https(ca).start()) {
            String url = server.createRepository("private");
            String sha = server.commit("private", "main", Map.of("a.txt", "a"));
            TransportConfigCallback trustCa = trusting(ca.caCertificatePem());

            assertThatThrownBy(() -> Git.lsRemoteRepository().setRemote(url).setTransportConfigCallback(trustCa)
                    .setCredentialsProvider(new UsernamePasswordCredentialsProvider("alice", "wrong")).call())
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("not authorized");

            Collection<Ref> refs = Git.lsRemoteRepository().setRemote(url).setTransportConfigCallback(trustCa)
                    .setCredentialsProvider(new UsernamePasswordCredentialsProvider("alice", "s3cret")).call();
            assertThat(refs).extracting(ref -> ref.getObjectId().name()).contains(sha);

            try (Git git = Git.cloneRepository().setURI(url).setDirectory(workDir.resolve("clone").toFile())
                    .setTransportConfigCallback(trustCa)
                    .setCredentialsProvider(new UsernamePasswordCredentialsProvider("alice", "s3cret")).call()) {
                assertThat(git.getRepository().resolve("HEAD").name()).isEqualTo(sha);
            }
            assertThat(server.requests()).anyMatch(line -> line.startsWith("POST /git/private.git/git-upload-pack"));
        }
    }

    @Test
    void jdkHttpClientConnectsWithTheCaPemAndDefaultClientFailsTheHandshake() throws Exception {
        try (GitHttpServer server = GitHttpServer.builder().https(ca).start()) {
            URI root = URI.create("https://127.0.0.1:" + server.port() + "/");
            HttpRequest get = HttpRequest.newBuilder(root).timeout(Duration.ofSeconds(10)).GET().build();

            HttpClient trustingClient = HttpClient.newBuilder()
                    .sslContext(PemTrustMaterial.sslContextFromPem(ca.caCertificatePem()))
                    .connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> response = trustingClient.send(get, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isBetween(100, 599);

            HttpClient defaultClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            assertThatThrownBy(() -> defaultClient.send(get, HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }

    private static TransportConfigCallback trusting(String caPem) {
        return transport -> {
            if (transport instanceof TransportHttp http) {
                http.setHttpConnectionFactory(new TrustingJdkConnectionFactory(caPem));
            }
        };
    }

    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable current = failure; current != null && !chain.contains(current); current = current.getCause()) {
            chain.add(current);
        }
        return chain;
    }
}

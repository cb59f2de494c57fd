package io.dcbuild.operator.admission;

import static org.awaitility.Awaitility.await;

import io.dcbuild.operator.api.v1alpha1.AllowedSources;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicy;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicySpec;
import io.dcbuild.operator.testing.OperatorSettings;
import io.dcbuild.operator.testing.controlplane.ControlPlane;
import io.dcbuild.operator.testing.controlplane.OperatorInstallation;
import io.dcbuild.operator.testing.controlplane.TestNamespaces;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
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
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code make bench}: how fast the admission webhook answers, measured rather than asserted (issue 12's target: under
 * 100 ms at p99 for a build governed by 3 policies). The webhook runs as in the operator (informers on the shared
 * control plane, the self-signed certificate in a Secret, the Vert.x HTTPS server on a free loopback port); a JDK
 * HTTP client that trusts only its CA posts AdmissionReviews of a build that 3 policies govern (half allowed, half
 * refused: every check runs), sequentially over one kept-alive connection as the API server sends them, then from 8
 * threads at once, then each on a new TLS connection. Prints p50, p99 and max of each and writes them to
 * {@code target/bench/webhook-latency.json}. Not part of {@code make test} (tag {@code bench}).
 */
@Tag("bench")
class WebhookLatencyBench {

    static final int REQUESTS = Integer.getInteger("bench.webhookRequests", 5000);
    private static final int WARM_UP = 1000;
    private static final int THREADS = 8;
    private static final int NEW_CONNECTIONS = 300;

    @Test
    void measure() throws Exception {
        OperatorInstallation.install(ControlPlane.shared()); // the CRDs, when this bench runs alone
        KubernetesClient admin = ControlPlane.shared().admin();
        Vertx vertx = Vertx.vertx();
        AdmissionWebhook webhook = null;
        List<String> policies = List.of("bench-git", "bench-cache", "bench-images");
        try (TestNamespaces namespaces = new TestNamespaces(admin)) {
            String operatorNs = namespaces.create("webhook-bench-operator");
            String ns = namespaces.create("webhook-bench-" + System.nanoTime() % 100000,
                    Map.of("webhook-bench", "governed"));
            for (int i = 0; i < policies.size(); i++) {
                admin.resource(policy(policies.get(i), i)).create();
            }
            webhook = AdmissionWebhook.start(vertx, admin, OperatorSettings.with(Map.of(
                    "dcbuild.webhook.port", "0", "dcbuild.webhook.host", "127.0.0.1",
                    "dcbuild.webhook.namespace", operatorNs, "dcbuild.webhook.extra-names", "127.0.0.1",
                    "dcbuild.webhook.configuration-name", "webhook-bench-none")), Clock.systemUTC());
            AdmissionWebhook started = webhook;
            await().atMost(Duration.ofSeconds(60)).until(started::ready);
            String caPem = new String(Base64.getDecoder().decode(admin.secrets().inNamespace(operatorNs)
                    .withName("devcontainer-build-operator-webhook-tls").get().getData().get("ca.crt")),
                    StandardCharsets.US_ASCII);
            URI uri = URI.create("https://127.0.0.1:" + webhook.port().orElseThrow() + AdmissionReviews.BUILDS);
            byte[] allowed = review(ns, "https://git.example.com/team/app.git");
            byte[] refused = review(ns, "https://elsewhere.example.org/team/app.git");
            SSLContext tls = trusting(caPem);

            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls).build();
            time(client, uri, allowed, refused, WARM_UP);
            long[] sequential = time(client, uri, allowed, refused, REQUESTS);

            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<long[]>> parts = new java.util.ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                HttpClient own = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls).build();
                parts.add(pool.submit(() -> time(own, uri, allowed, refused, REQUESTS / THREADS)));
            }
            long[] concurrent = new long[0];
            for (Future<long[]> part : parts) {
                long[] got = part.get();
                long[] merged = Arrays.copyOf(concurrent, concurrent.length + got.length);
                System.arraycopy(got, 0, merged, concurrent.length, got.length);
                concurrent = merged;
            }
            pool.shutdown();

            long[] fresh = new long[NEW_CONNECTIONS];
            for (int i = 0; i < NEW_CONNECTIONS; i++) {
                HttpClient once = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls).build();
                fresh[i] = time(once, uri, allowed, refused, 1)[0];
            }

            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("policies", policies.size());
            report(figures, "sequential_keepalive", sequential);
            report(figures, "concurrent_" + THREADS + "_threads", concurrent);
            report(figures, "new_tls_connection_each", fresh);
            Path out = Path.of("target", "bench", "webhook-latency.json");
            Files.createDirectories(out.getParent());
            Files.writeString(out, figures.entrySet().stream().map(e -> "  \"" + e.getKey() + "\": " + e.getValue())
                    .collect(Collectors.joining(",\n", "{\n", "\n}\n")));
            System.out.println("webhook latency (target: p99 < 100 ms with 3 governing policies) -> " + out);
        } finally {
            if (webhook != null) {
                webhook.close();
            }
            for (String name : policies) {
                admin.resources(DevContainerBuildPolicy.class).withName(name).delete();
            }
            vertx.close();
        }
    }

    private static long[] time(HttpClient client, URI uri, byte[] allowed, byte[] refused, int count)
            throws Exception {
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(i % 2 == 0 ? allowed : refused)).build();
            long start = System.nanoTime();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            nanos[i] = System.nanoTime() - start;
            boolean allow = response.body().contains("\"allowed\":true");
            if (response.statusCode() != 200 || allow != (i % 2 == 0)) {
                throw new IllegalStateException("unexpected answer " + response.statusCode() + ": " + response.body());
            }
        }
        return nanos;
    }

    private static void report(Map<String, Object> figures, String name, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double p50 = millis(sorted[(int) Math.floor(0.50 * (sorted.length - 1))]);
        double p99 = millis(sorted[(int) Math.floor(0.99 * (sorted.length - 1))]);
        double max = millis(sorted[sorted.length - 1]);
        figures.put(name + "_requests", sorted.length);
        figures.put(name + "_p50_ms", p50);
        figures.put(name + "_p99_ms", p99);
        figures.put(name + "_max_ms", max);
        System.out.printf("webhook %-28s %6d requests  p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms%n", name,
                sorted.length, p50, p99, max);
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }

    private static SSLContext trusting(String caPem) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("webhook-ca", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII))));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /** Three policies of the namespace: allowed git URLs, cache repositories and images, of priorities 1 to 3. */
    private static DevContainerBuildPolicy policy(String name, int index) {
        DevContainerBuildPolicy policy = new DevContainerBuildPolicy();
        policy.getMetadata().setName(name);
        DevContainerBuildPolicySpec spec = new DevContainerBuildPolicySpec();
        spec.setNamespaceSelector(new LabelSelectorBuilder().addToMatchLabels("webhook-bench", "governed").build());
        spec.setPriority(index + 1);
        AllowedSources sources = new AllowedSources();
        switch (index) {
            case 0 -> sources.setGitUrls(List.of("https://git.example.com/**", "https://git.internal/**"));
            case 1 -> sources.setCacheRepos(List.of("registry.example.com/**"));
            default -> sources.setImages(List.of("registry.example.com/**", "mcr.microsoft.com/devcontainers/**"));
        }
        spec.setAllowedSources(sources);
        policy.setSpec(spec);
        return policy;
    }

    private static byte[] review(String ns, String url) {
        return ("""
                {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"bench",
                 "kind":{"group":"dcbuild.io","version":"v1alpha1","kind":"DevContainerBuild"},
                 "namespace":"%s","name":"app","operation":"CREATE","object":{"apiVersion":"dcbuild.io/v1alpha1",
                 "kind":"DevContainerBuild","metadata":{"name":"app","namespace":"%s"},"spec":{"source":
                 {"url":"%s","ref":"main"},"cache":{"repo":"registry.example.com/team/cache"}}}}}""")
                .formatted(ns, ns, url).getBytes(StandardCharsets.UTF_8);
    }
}

package io.dcbuild.operator.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.dcbuild.operator.testing.MovableClock;
import io.dcbuild.operator.testing.controlplane.ControlPlane;
import io.dcbuild.operator.testing.controlplane.TestNamespaces;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The self-signed CA and serving certificate in their Secret, on the real API server (the shared control plane, a
 * namespace per test): created once and then reused by every replica, renewed before expiry with the same CA, the CA
 * itself renewed with the old one kept in the bundle, and renewed when the names change. The clock is moved, not
 * waited for.
 */
class WebhookTlsSecretTest {

    private static final List<String> NAMES = AdmissionWebhook.serviceNames("dcbuild-webhook", "ops",
            List.of("127.0.0.1"));
    private static final Duration CA_LIFE = Duration.ofDays(3650);
    private static final Duration SERVING_LIFE = Duration.ofDays(365);

    static TestNamespaces namespaces;

    @BeforeAll
    static void namespaces() {
        namespaces = new TestNamespaces(admin());
    }

    @AfterAll
    static void removeNamespaces() {
        namespaces.close();
    }

    @Test
    void theFirstReplicaCreatesTheSecretAndEveryReplicaServesItUnchanged() throws Exception {
        String ns = namespaces.create("webhook-tls");
        MovableClock clock = new MovableClock(Instant.now());
        WebhookTlsSecret first = secret(ns, NAMES, clock);
        WebhookTlsSecret second = secret(ns, NAMES, clock);

        ServingCertificate created = first.current();
        String version = stored(ns).getMetadata().getResourceVersion();

        assertThat(second.current()).as("another replica serves the same certificate").isEqualTo(created);
        assertThat(first.current()).isEqualTo(created);
        assertThat(stored(ns).getMetadata().getResourceVersion()).as("no write when nothing is due")
                .isEqualTo(version);
        assertThat(stored(ns).getType()).isEqualTo("kubernetes.io/tls");
        X509Certificate serving = created.certificate();
        X509Certificate ca = ServingCertificate.certificates(created.caBundlePem()).get(0);
        serving.verify(ca.getPublicKey());
        assertThat(ca.getBasicConstraints()).as("a CA").isGreaterThanOrEqualTo(0);
        assertThat(serving.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(serving.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1"); // serverAuth
        assertThat(WebhookTlsSecret.covers(serving, List.of("dcbuild-webhook.ops.svc",
                "dcbuild-webhook.ops.svc.cluster.local", "127.0.0.1"))).isTrue();
        assertThat(serving.getNotAfter().toInstant()).isBetween(clock.instant().plus(SERVING_LIFE).minusSeconds(5),
                clock.instant().plus(SERVING_LIFE).plusSeconds(5));
        assertThat(created.toString()).as("no key in what may be logged").doesNotContain("PRIVATE KEY");
    }

    @Test
    void theServingCertificateIsRenewedWithTheSameCaWhenAThirdOfItsLifeIsLeft() throws Exception {
        String ns = namespaces.create("webhook-tls");
        MovableClock clock = new MovableClock(Instant.now());
        WebhookTlsSecret secret = secret(ns, NAMES, clock);
        ServingCertificate created = secret.current();

        clock.advance(Duration.ofDays(200));
        assertThat(secret.current()).as("two thirds of its life left: kept").isEqualTo(created);
        clock.advance(Duration.ofDays(50));
        ServingCertificate renewed = secret.current();

        assertThat(renewed.certificatePem()).isNotEqualTo(created.certificatePem());
        assertThat(renewed.caBundlePem()).as("the same CA: the webhook configuration keeps trusting it")
                .isEqualTo(created.caBundlePem());
        renewed.certificate().verify(ServingCertificate.certificates(created.caBundlePem()).get(0).getPublicKey());
        assertThat(renewed.notAfter()).isAfter(created.notAfter());
        assertThat(secret(ns, NAMES, clock).current()).as("what the Secret now holds").isEqualTo(renewed);
    }

    @Test
    void aCaNearItsEndIsReplacedAndTheOldOneStaysInTheBundle() throws Exception {
        String ns = namespaces.create("webhook-tls");
        MovableClock clock = new MovableClock(Instant.now());
        WebhookTlsSecret secret = secret(ns, NAMES, clock);
        ServingCertificate created = secret.current();
        X509Certificate oldCa = ServingCertificate.certificates(created.caBundlePem()).get(0);

        clock.advance(CA_LIFE.minus(Duration.ofDays(300)));
        ServingCertificate renewed = secret.current();

        List<X509Certificate> bundle = ServingCertificate.certificates(renewed.caBundlePem());
        assertThat(bundle).hasSize(2);
        assertThat(bundle.get(1)).as("the old CA, still valid").isEqualTo(oldCa);
        assertThat(bundle.get(0)).isNotEqualTo(oldCa);
        renewed.certificate().verify(bundle.get(0).getPublicKey());
    }

    @Test
    void otherNamesRenewTheCertificate() {
        String ns = namespaces.create("webhook-tls");
        MovableClock clock = new MovableClock(Instant.now());
        ServingCertificate created = secret(ns, NAMES, clock).current();

        List<String> renamed = AdmissionWebhook.serviceNames("renamed-webhook", "ops", List.of());
        ServingCertificate renewed = secret(ns, renamed, clock).current();

        assertThat(WebhookTlsSecret.covers(renewed.certificate(), renamed)).isTrue();
        assertThat(renewed.caBundlePem()).isEqualTo(created.caBundlePem());
    }

    private static WebhookTlsSecret secret(String ns, List<String> names, MovableClock clock) {
        return new WebhookTlsSecret(admin(), ns, "webhook-tls", names, CA_LIFE, SERVING_LIFE, clock);
    }

    private static Secret stored(String ns) {
        return admin().secrets().inNamespace(ns).withName("webhook-tls").get();
    }

    private static KubernetesClient admin() {
        return ControlPlane.shared().admin();
    }
}

package io.dcbuild.operator.admission;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The webhook's self-signed CA and serving certificate, kept in one Secret (type {@code kubernetes.io/tls}) in the
 * operator's namespace, so that every replica serves the same certificate and a restart keeps the CA the webhook
 * configuration trusts. Keys: {@code tls.crt}, {@code tls.key} (serving), {@code ca.crt} (the CA bundle: the current
 * CA, then the previous one while it is valid), {@code ca.key} (the current CA's key).
 *
 * <p>{@link #current()} creates the Secret when it is absent; when another replica created it first (409), it takes
 * that one. It renews the serving certificate when a third of its life is left or its names changed (same CA: the
 * bundle does not change), and the CA when less than a serving certificate's life is left (the old CA stays in the
 * bundle). A renewal is an update with the resourceVersion read: when another replica renewed first (409), its
 * Secret is read and used. The keys never leave the Secret and this process: never logged.
 */
public final class WebhookTlsSecret {

    static final String CA_KEY = "ca.key";
    private static final Logger LOG = Logger.getLogger(WebhookTlsSecret.class);
    private static final int CONFLICT = 409;

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final List<String> names;
    private final Duration caValidity;
    private final Duration servingValidity;
    private final Clock clock;

    /**
     * @param names           what the serving certificate is for (the first is its common name)
     * @param caValidity      how long a new CA is valid
     * @param servingValidity how long a new serving certificate is valid
     */
    public WebhookTlsSecret(KubernetesClient client, String namespace, String name, List<String> names,
            Duration caValidity, Duration servingValidity, Clock clock) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.names = List.copyOf(names);
        this.caValidity = caValidity;
        this.servingValidity = servingValidity;
        this.clock = clock;
    }

    /** The certificate to serve: the Secret's, created or renewed first when needed. */
    public ServingCertificate current() {
        Resource<Secret> resource = client.secrets().inNamespace(namespace).withName(name);
        Secret secret = resource.get();
        if (secret == null) {
            try {
                Secret created = client.secrets().inNamespace(namespace).resource(toSecret(issueAll(List.of())))
                        .create();
                LOG.infof("created the webhook's CA and serving certificate in Secret %s/%s (for %s)", namespace,
                        name, String.join(", ", names));
                return read(created).orElseThrow();
            } catch (KubernetesClientException e) {
                if (e.getCode() != CONFLICT) {
                    throw e;
                }
                secret = resource.get(); // another replica created it first: serve that one
            }
        }
        Optional<Stored> stored = secret == null ? Optional.empty() : stored(secret);
        if (stored.isPresent() && !renewalDue(stored.get())) {
            return stored.get().serving();
        }
        Secret renewed = new SecretBuilder(toSecret(stored.isEmpty() ? issueAll(List.of()) : renew(stored.get())))
                .editMetadata().withResourceVersion(secret.getMetadata().getResourceVersion()).endMetadata().build();
        try {
            Secret updated = client.secrets().inNamespace(namespace).resource(renewed).update();
            LOG.infof("renewed the webhook's serving certificate in Secret %s/%s (until %s)", namespace, name,
                    read(updated).orElseThrow().notAfter());
            return read(updated).orElseThrow();
        } catch (KubernetesClientException e) {
            if (e.getCode() != CONFLICT) {
                throw e;
            }
            // another replica renewed it first: serve what it wrote
            return read(resource.get()).orElseThrow(() -> new IllegalStateException("Secret " + namespace + "/"
                    + name + " holds no usable certificate after another replica's update"));
        }
    }

    private boolean renewalDue(Stored stored) {
        Instant now = clock.instant();
        X509Certificate serving = stored.serving().certificate();
        Duration life = Duration.between(serving.getNotBefore().toInstant(), serving.getNotAfter().toInstant());
        Duration left = Duration.between(now, serving.getNotAfter().toInstant());
        return left.compareTo(life.dividedBy(3)) < 0 || !covers(serving, names)
                || Duration.between(now, stored.authority().certificate().getNotAfter().toInstant())
                        .compareTo(servingValidity) < 0;
    }

    private Stored renew(Stored stored) {
        Instant caExpiry = stored.authority().certificate().getNotAfter().toInstant();
        if (Duration.between(clock.instant(), caExpiry).compareTo(servingValidity) < 0) {
            // a new CA; the old one stays in the bundle while it is valid (the serving certificate it signed too)
            List<X509Certificate> previous = caExpiry.isAfter(clock.instant())
                    ? List.of(stored.authority().certificate()) : List.of();
            return issueAll(previous);
        }
        ServingCertificate serving = stored.authority().issue(names, servingValidity, clock);
        return new Stored(stored.authority(), new ServingCertificate(serving.certificatePem(),
                serving.privateKeyPem(), stored.serving().caBundlePem()));
    }

    private Stored issueAll(Collection<X509Certificate> previousCas) {
        SelfSignedAuthority authority = SelfSignedAuthority.create("devcontainer-build-operator webhook CA",
                caValidity, clock);
        ServingCertificate serving = authority.issue(names, servingValidity, clock);
        StringBuilder bundle = new StringBuilder(authority.certificatePem());
        previousCas.forEach(ca -> bundle.append(SelfSignedAuthority.pem(ca)));
        return new Stored(authority, new ServingCertificate(serving.certificatePem(), serving.privateKeyPem(),
                bundle.toString()));
    }

    private Secret toSecret(Stored stored) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("tls.crt", base64(stored.serving().certificatePem()));
        data.put("tls.key", base64(stored.serving().privateKeyPem()));
        data.put("ca.crt", base64(stored.serving().caBundlePem()));
        data.put(CA_KEY, base64(stored.authority().keyPem()));
        return new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .addToLabels("app.kubernetes.io/managed-by", "devcontainer-build-operator")
                .addToLabels("app.kubernetes.io/component", "webhook")
                .endMetadata().withType("kubernetes.io/tls").withData(data).build();
    }

    private Optional<ServingCertificate> read(Secret secret) {
        return secret == null ? Optional.empty() : stored(secret).map(Stored::serving);
    }

    /** What the Secret holds, if it holds all four keys in a readable form (else it is issued anew). */
    private static Optional<Stored> stored(Secret secret) {
        Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
        if (!data.keySet().containsAll(List.of("tls.crt", "tls.key", "ca.crt", CA_KEY))) {
            return Optional.empty();
        }
        try {
            String caBundle = decode(data.get("ca.crt"));
            SelfSignedAuthority authority = SelfSignedAuthority.fromPem(caBundle, decode(data.get(CA_KEY)));
            ServingCertificate serving = new ServingCertificate(decode(data.get("tls.crt")),
                    decode(data.get("tls.key")), caBundle);
            serving.certificate();
            return Optional.of(new Stored(authority, serving));
        } catch (RuntimeException unreadable) {
            LOG.warnf("Secret %s/%s does not hold a readable certificate and key; issuing new ones",
                    secret.getMetadata().getNamespace(), secret.getMetadata().getName());
            return Optional.empty();
        }
    }

    /** Whether the certificate's subject alternative names include every one of {@code names}. */
    static boolean covers(X509Certificate certificate, List<String> names) {
        try {
            Set<String> alternatives = new HashSet<>();
            if (certificate.getSubjectAlternativeNames() != null) {
                for (List<?> alternative : certificate.getSubjectAlternativeNames()) {
                    alternatives.add(String.valueOf(alternative.get(1)));
                }
            }
            return alternatives.containsAll(new ArrayList<>(names));
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.US_ASCII));
    }

    private static String decode(String value) {
        return new String(Base64.getDecoder().decode(value), StandardCharsets.US_ASCII);
    }

    private record Stored(SelfSignedAuthority authority, ServingCertificate serving) {
    }
}

package io.dcbuild.operator.admission;

import io.dcbuild.operator.builds.BuildSpecValidator;
import io.dcbuild.operator.config.OperatorConfig;
import io.dcbuild.operator.policy.PolicySpecValidator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The validating admission webhook of one operator pod, leader or not (the Service selects every replica): its
 * caches ({@link PolicyInformers}), its judgements ({@link AdmissionReviews}) and its HTTPS server
 * ({@link WebhookServer}) with a certificate that is checked every {@code dcbuild.webhook.certificate-check-interval}:
 * self-signed ({@link WebhookTlsSecret}, its CA put into the webhook configuration by {@link CaBundleInjection}) or
 * mounted ({@link MountedCertificate}). A changed certificate is served from the next connection on. A certificate
 * that cannot be had yet (RBAC, files not mounted) is tried again at each check; meanwhile nothing listens, and the
 * API server's calls fail into the failurePolicy: the operator's reconciling does not depend on the webhook.
 */
public final class AdmissionWebhook implements AutoCloseable {

    /** Validity of a self-signed CA, and of the serving certificates it issues. */
    static final Duration CA_VALIDITY = Duration.ofDays(3650);
    static final Duration SERVING_VALIDITY = Duration.ofDays(365);
    private static final Logger LOG = Logger.getLogger(AdmissionWebhook.class);

    private final Vertx vertx;
    private final OperatorConfig.Webhook settings;
    private final PolicyInformers informers;
    private final AdmissionReviews reviews;
    private final Supplier<ServingCertificate> certificates;
    private final CaBundleInjection injection;
    private final ScheduledExecutorService checks;
    private volatile WebhookServer server;
    private volatile ServingCertificate serving;

    private AdmissionWebhook(Vertx vertx, OperatorConfig.Webhook settings, PolicyInformers informers,
            AdmissionReviews reviews, Supplier<ServingCertificate> certificates, CaBundleInjection injection) {
        this.vertx = vertx;
        this.settings = settings;
        this.informers = informers;
        this.reviews = reviews;
        this.certificates = certificates;
        this.injection = injection;
        this.checks = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "admission-webhook-certificates");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts the caches, takes the certificate and listens (or retries at the next check, see the class). */
    public static AdmissionWebhook start(Vertx vertx, KubernetesClient client, OperatorConfig config, Clock clock) {
        OperatorConfig.Webhook settings = config.webhook();
        PolicyInformers informers = PolicyInformers.start(client);
        boolean requireDigest = config.builder().requireDigest();
        AdmissionReviews reviews = new AdmissionReviews(
                new BuildAdmission(new BuildSpecValidator(requireDigest), new PolicySpecValidator(requireDigest),
                        informers::viewOf),
                new PolicyAdmission(new PolicySpecValidator(requireDigest)), informers::synced);
        Supplier<ServingCertificate> certificates;
        CaBundleInjection injection = null;
        if (settings.certificates() == OperatorConfig.Webhook.CertificateSource.MOUNTED) {
            certificates = new MountedCertificate(Path.of(settings.certificateDir()))::current;
        } else {
            String namespace = settings.namespace().filter(n -> !n.isBlank())
                    .orElse(Objects.requireNonNullElse(client.getNamespace(), "default"));
            certificates = new WebhookTlsSecret(client, namespace, settings.secretName(),
                    serviceNames(settings.serviceName(), namespace, settings.extraNames().orElse(List.of())),
                    CA_VALIDITY, SERVING_VALIDITY, clock)::current;
            injection = new CaBundleInjection(client, settings.configurationName());
        }
        AdmissionWebhook webhook = new AdmissionWebhook(vertx, settings, informers, reviews, certificates, injection);
        webhook.check();
        long every = settings.certificateCheckInterval().toMillis();
        webhook.checks.scheduleWithFixedDelay(webhook::check, every, every, TimeUnit.MILLISECONDS);
        return webhook;
    }

    /** The names the API server may call the Service by, then the extra ones. */
    static List<String> serviceNames(String service, String namespace, List<String> extra) {
        List<String> names = new ArrayList<>(List.of(service + "." + namespace + ".svc",
                service + "." + namespace + ".svc.cluster.local", service + "." + namespace, service));
        extra.stream().map(String::strip).filter(n -> !n.isEmpty() && !names.contains(n)).forEach(names::add);
        return names;
    }

    /** The port it listens on; empty while it has no certificate. */
    public OptionalInt port() {
        WebhookServer now = server;
        return now == null ? OptionalInt.empty() : OptionalInt.of(now.port());
    }

    /** Whether its caches have listed (it answers 503 before). */
    public boolean ready() {
        return server != null && informers.synced();
    }

    /** One certificate check: take the current one, put its CA where the API server reads it, serve it. */
    synchronized void check() {
        try {
            ServingCertificate current = certificates.get();
            if (injection != null) {
                injectCa(current); // before it is served: the API server must trust it first
            }
            if (server == null) {
                server = WebhookServer.start(vertx, settings.host(), settings.port(), current, reviews,
                        settings.maxBodyBytes());
                LOG.infof("admission webhook listening on %s:%d (HTTPS, certificate until %s)", settings.host(),
                        server.port(), current.notAfter());
            } else if (!current.equals(serving)) {
                server.useCertificate(current);
                LOG.infof("admission webhook serves a new certificate (until %s)", current.notAfter());
            }
            serving = current;
        } catch (RuntimeException e) {
            LOG.warnf("admission webhook: %s; tried again in %s", describe(e), settings.certificateCheckInterval());
        }
    }

    /** A failed patch of the caBundle does not keep the server from serving: it is tried again at the next check. */
    private void injectCa(ServingCertificate current) {
        try {
            injection.inject(current.caBundlePem());
        } catch (RuntimeException e) {
            LOG.warnf("admission webhook: cannot put its CA into ValidatingWebhookConfiguration %s: %s; tried again "
                    + "in %s", settings.configurationName(), describe(e), settings.certificateCheckInterval());
        }
    }

    private static String describe(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    @Override
    public synchronized void close() {
        checks.shutdownNow();
        if (server != null) {
            server.close();
            server = null;
        }
        informers.close();
    }
}

package io.dcbuild.operator.admission;

import io.dcbuild.operator.config.OperatorConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;

/**
 * Starts the admission webhook with the operator when {@code dcbuild.webhook.enabled} (every replica: standby ones
 * answer admission too) and stops it with the operator.
 */
@ApplicationScoped
public class WebhookComponents {

    @Inject
    OperatorConfig config;

    @Inject
    KubernetesClient client;

    @Inject
    Vertx vertx;

    @Inject
    Clock clock;

    private volatile AdmissionWebhook webhook;

    void start(@Observes StartupEvent started) {
        if (config.webhook().enabled()) {
            webhook = AdmissionWebhook.start(vertx, client, config, clock);
        }
    }

    /** True when the webhook is off, or listens with its caches listed. */
    boolean ready() {
        AdmissionWebhook running = webhook;
        return !config.webhook().enabled() || (running != null && running.ready());
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (webhook != null) {
            webhook.close();
        }
    }
}

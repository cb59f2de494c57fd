package io.dcbuild.operator.admission;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Part of {@code /q/health/ready}: with the webhook on, a pod is Ready only once its webhook listens with a
 * certificate and its caches have listed, so that the Service {@code <release>-webhook} sends the API server only to
 * pods that answer (a rolling upgrade waits for the new pod's webhook). Up when the webhook is off.
 */
@Readiness
@ApplicationScoped
public class WebhookReadiness implements HealthCheck {

    @Inject
    WebhookComponents webhook;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("admission webhook").status(webhook.ready()).build();
    }
}

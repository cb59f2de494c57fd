package io.dcbuild.operator.gitevents;

import io.dcbuild.operator.builds.PushedRefs;
import io.dcbuild.operator.config.OperatorConfig;
import io.dcbuild.operator.metrics.Leadership;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;

/** Wires the git push receiver ({@code dcbuild.git-events.*}). */
@ApplicationScoped
public class GitEventsComponents {

    /** The build controller's event source of pushes; the receiver tells it which builds to wake. */
    @Produces
    @Singleton
    PushedRefs pushedRefs() {
        return new PushedRefs();
    }

    @Produces
    @Singleton
    GitPushReceiver gitPushReceiver(OperatorConfig config, KubernetesClient client, Leadership leadership,
            PushedRefs pushes, Clock clock, MeterRegistry meters) {
        OperatorConfig.GitEvents settings = config.gitEvents();
        Optional<ReceiverSecret> secret = settings.secretName().filter(name -> !name.isBlank())
                .map(name -> new ReceiverSecret(client, namespace(settings, client), name, settings.secretRefresh(),
                        clock));
        return new GitPushReceiver(leadership::leading, secret,
                new DeliveryIds(settings.replayIds(), settings.replayWindow(), clock), pushes, clock, meters);
    }

    /** This operator's pod, labelled while it leads; none outside a pod ({@code dcbuild.git-events.pod-name}). */
    @Produces
    @Singleton
    LeaderPodLabel leaderPodLabel(OperatorConfig config, KubernetesClient client) {
        OperatorConfig.GitEvents settings = config.gitEvents();
        return settings.podName().filter(name -> !name.isBlank())
                .map(pod -> new LeaderPodLabel(client, namespace(settings, client), pod))
                .orElseGet(LeaderPodLabel::none);
    }

    private static String namespace(OperatorConfig.GitEvents settings, KubernetesClient client) {
        return settings.namespace().filter(name -> !name.isBlank())
                .orElse(client.getNamespace() == null ? "default" : client.getNamespace());
    }
}

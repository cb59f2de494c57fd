package io.dcbuild.operator.status;

import io.dcbuild.operator.registry.ContentDigest;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Records core/v1 Events about the operator's resources, aggregated the way kubectl and client-go's recorder expect:
 * one Event object per involved object, type and reason (its name derives from them), created the first time; a
 * repeat patches that object's count, lastTimestamp and message instead of piling up new objects, so that
 * {@code kubectl describe} shows "(x3 over 5m)". Events of cluster-scoped resources go to the namespace
 * {@code default}, as kubectl expects. Messages must never hold secret values. An Event that cannot be written is
 * logged and dropped: Events never fail a reconcile.
 */
public class KubernetesEvents {

    private static final Logger LOG = Logger.getLogger(KubernetesEvents.class);
    private static final String COMPONENT = "devcontainer-build-operator";
    private static final int MAX_MESSAGE = 1000;

    private final KubernetesClient client;
    private final Clock clock;

    public KubernetesEvents(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    public void normal(HasMetadata about, String reason, String message) {
        record(about, "Normal", reason, message);
    }

    public void warning(HasMetadata about, String reason, String message) {
        record(about, "Warning", reason, message);
    }

    /** The name of the one Event of {@code about} with this type and reason. */
    static String eventName(HasMetadata about, String type, String reason) {
        String key = about.getMetadata().getUid() + "/" + type + "/" + reason;
        String object = about.getMetadata().getName();
        return (object.length() > 200 ? object.substring(0, 200) : object) + "." + ContentDigest.sha256(key.getBytes(StandardCharsets.UTF_8))
                .substring("sha256:".length(), "sha256:".length() + 16);
    }

    private void record(HasMetadata about, String type, String reason, String message) {
        String namespace = about.getMetadata().getNamespace() == null ? "default" : about.getMetadata().getNamespace();
        String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        String text = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message;
        String name = eventName(about, type, reason);
        try {
            try {
                client.v1().events().inNamespace(namespace).resource(new EventBuilder()
                        .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                        .withInvolvedObject(new ObjectReferenceBuilder()
                                .withApiVersion(about.getApiVersion())
                                .withKind(about.getKind())
                                .withName(about.getMetadata().getName())
                                .withNamespace(about.getMetadata().getNamespace())
                                .withUid(about.getMetadata().getUid())
                                .build())
                        .withType(type)
                        .withReason(reason)
                        .withMessage(text)
                        .withFirstTimestamp(now)
                        .withLastTimestamp(now)
                        .withCount(1)
                        .withNewSource().withComponent(COMPONENT).endSource()
                        .withReportingComponent(COMPONENT)
                        .build()).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
                repeat(namespace, name, text, now);
            }
        } catch (KubernetesClientException e) {
            LOG.debugf("could not record event %s on %s: %s", reason, about.getMetadata().getName(), e.getMessage());
        }
    }

    /** The Event exists: one more of it (a lost increment between two operators' writes is acceptable). */
    private void repeat(String namespace, String name, String message, String now) {
        Event existing = client.v1().events().inNamespace(namespace).withName(name).get();
        int count = existing == null || existing.getCount() == null ? 1 : existing.getCount() + 1;
        Map<String, Object> patch = Map.of("count", count, "lastTimestamp", now, "message", message);
        client.v1().events().inNamespace(namespace).withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE), client.getKubernetesSerialization().asJson(patch));
    }
}

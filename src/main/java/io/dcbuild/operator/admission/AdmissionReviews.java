package io.dcbuild.operator.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicySpec;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * AdmissionReview {@code admission.k8s.io/v1} in, AdmissionReview out, for the two paths the webhook configuration
 * names: {@value #BUILDS} and {@value #POLICIES}. The answer echoes the request's uid; a refusal carries a Status with
 * the code (400 or 403), its reason and the message. An UPDATE whose spec did not change is allowed without a look:
 * labels, annotations (such as {@code dcbuild.io/rebuild}), finalizers and deletion are never blocked by a policy
 * changed since. Anything else than a review of a build or policy is answered with an HTTP error, so that the API
 * server applies the configuration's failurePolicy; so is a request while the caches have not listed yet (503).
 */
public final class AdmissionReviews {

    public static final String BUILDS = "/validate/devcontainerbuilds";
    public static final String POLICIES = "/validate/devcontainerbuildpolicies";
    private static final String API_VERSION = "admission.k8s.io/v1";
    private static final Set<String> JUDGED = Set.of("CREATE", "UPDATE");
    private static final Logger LOG = Logger.getLogger(AdmissionReviews.class);

    /** An HTTP answer: the status and a body (JSON for 200, a sentence otherwise). */
    public record Reply(int status, String contentType, String body) {

        static Reply error(int status, String message) {
            return new Reply(status, "text/plain; charset=utf-8", message + "\n");
        }
    }

    private final BuildAdmission builds;
    private final PolicyAdmission policies;
    private final BooleanSupplier ready;
    private final KubernetesSerialization serialization = new KubernetesSerialization();
    private final ObjectMapper json = new ObjectMapper();

    /** @param ready whether the caches the judgements read have listed */
    public AdmissionReviews(BuildAdmission builds, PolicyAdmission policies, BooleanSupplier ready) {
        this.builds = builds;
        this.policies = policies;
        this.ready = ready;
    }

    public Reply handle(String path, byte[] body) {
        if (!BUILDS.equals(path) && !POLICIES.equals(path)) {
            return Reply.error(404, "no such path: POST AdmissionReviews to " + BUILDS + " or " + POLICIES);
        }
        JsonNode review;
        try {
            review = json.readTree(body);
        } catch (IOException e) {
            return Reply.error(400, "the body is not JSON: " + e.getClass().getSimpleName());
        }
        JsonNode request = review == null ? null : review.path("request");
        if (review == null || !API_VERSION.equals(review.path("apiVersion").asText())
                || !"AdmissionReview".equals(review.path("kind").asText()) || !request.isObject()
                || !request.path("uid").isTextual()) {
            return Reply.error(400, "expected an AdmissionReview " + API_VERSION + " with a request and its uid");
        }
        if (!ready.getAsBoolean()) {
            return Reply.error(503, "the webhook's caches of policies and namespaces have not listed yet");
        }
        AdmissionAnswer answer;
        try {
            answer = judge(path, request);
        } catch (IllegalArgumentException e) {
            return Reply.error(400, "the object under review cannot be read: " + e.getMessage());
        }
        if (!answer.allowed()) {
            LOG.debugf("refused %s %s %s/%s: %s", request.path("operation").asText(), request.path("kind")
                    .path("kind").asText(), request.path("namespace").asText(""), request.path("name").asText(""),
                    answer.message());
        }
        return new Reply(200, "application/json", response(request.path("uid").asText(), answer));
    }

    private AdmissionAnswer judge(String path, JsonNode request) {
        String operation = request.path("operation").asText();
        JsonNode spec = request.path("object").path("spec");
        if (!JUDGED.contains(operation) || ("UPDATE".equals(operation)
                && spec.equals(request.path("oldObject").path("spec")))) {
            return AdmissionAnswer.allow();
        }
        if (BUILDS.equals(path)) {
            return builds.judge(request.path("namespace").asText(),
                    spec.isMissingNode() || spec.isNull() ? null : read(spec, DevContainerBuildSpec.class));
        }
        String name = request.path("object").path("metadata").path("name").asText(request.path("name").asText());
        return policies.judge(name, spec.isMissingNode() || spec.isNull() ? null
                : read(spec, DevContainerBuildPolicySpec.class));
    }

    private <T> T read(JsonNode spec, Class<T> type) {
        try {
            return serialization.convertValue(spec, type);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private String response(String uid, AdmissionAnswer answer) {
        ObjectNode review = json.createObjectNode().put("apiVersion", API_VERSION).put("kind", "AdmissionReview");
        ObjectNode response = review.putObject("response").put("uid", uid).put("allowed", answer.allowed());
        if (!answer.allowed()) {
            response.putObject("status").put("code", answer.code()).put("reason", answer.statusReason())
                    .put("message", answer.message());
        }
        try {
            return json.writeValueAsString(review);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

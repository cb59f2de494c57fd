package io.dcbuild.operator.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dcbuild.operator.api.v1alpha1.AllowedSources;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicy;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicySpec;
import io.dcbuild.operator.builds.BuildSpecValidator;
import io.dcbuild.operator.policy.NamespacePolicies;
import io.dcbuild.operator.policy.PolicySpecValidator;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * AdmissionReview in and out, without HTTP: what the API server is told for builds and policies (uid echoed, allowed,
 * the Status with code, reason and the condition's message), the updates that are not judged, and the HTTP errors
 * that leave the decision to the failurePolicy.
 */
class AdmissionReviewsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALLOWED_URL = "https://git.example.com/team/app.git";
    private static final String OTHER_URL = "https://elsewhere.example.org/team/app.git";

    private final AtomicBoolean ready = new AtomicBoolean(true);
    private final AdmissionReviews reviews = new AdmissionReviews(
            new BuildAdmission(new BuildSpecValidator(true), new PolicySpecValidator(true),
                    ns -> new NamespacePolicies(ns, Map.of("team", "a"), List.of(policy()))),
            new PolicyAdmission(new PolicySpecValidator(true)), ready::get);

    @Test
    void aBuildItsPolicyForbidsIsRefusedWith403AndTheConditionsMessage() throws Exception {
        JsonNode response = answer(AdmissionReviews.BUILDS, review("CREATE", build(OTHER_URL), null));

        assertThat(response.at("/apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
        assertThat(response.at("/kind").asText()).isEqualTo("AdmissionReview");
        assertThat(response.at("/response/uid").asText()).isEqualTo("uid-1");
        assertThat(response.at("/response/allowed").asBoolean()).isFalse();
        assertThat(response.at("/response/status/code").asInt()).isEqualTo(403);
        assertThat(response.at("/response/status/reason").asText()).isEqualTo("Forbidden");
        assertThat(response.at("/response/status/message").asText()).isEqualTo("PolicyViolation: git repository "
                + OTHER_URL + " is not allowed by policy team-a (allowedSources.gitUrls: https://git.example.com/**)");
    }

    @Test
    void aCompliantBuildIsAllowed() throws Exception {
        JsonNode response = answer(AdmissionReviews.BUILDS, review("CREATE", build(ALLOWED_URL), null));

        assertThat(response.at("/response/allowed").asBoolean()).isTrue();
        assertThat(response.at("/response/uid").asText()).isEqualTo("uid-1");
        assertThat(response.at("/response/status").isMissingNode()).isTrue();
    }

    @Test
    void anInvalidSpecIsRefusedWith400() throws Exception {
        String build = build(ALLOWED_URL).replace("\"ref\":\"main\"", "\"ref\":\"feature..x\"");

        JsonNode response = answer(AdmissionReviews.BUILDS, review("CREATE", build, null));

        assertThat(response.at("/response/status/code").asInt()).isEqualTo(400);
        assertThat(response.at("/response/status/reason").asText()).isEqualTo("BadRequest");
        assertThat(response.at("/response/status/message").asText())
                .startsWith("InvalidSpec: spec.source.ref 'feature..x' is not a valid git branch or tag name");
    }

    @Test
    void anUpdateThatLeavesTheSpecAloneIsAllowedEvenWhenThePolicyNowForbidsIt() throws Exception {
        String old = build(OTHER_URL);
        String labelled = old.replace("\"name\":\"app\"", "\"name\":\"app\",\"labels\":{\"a\":\"b\"}");

        assertThat(answer(AdmissionReviews.BUILDS, review("UPDATE", labelled, old)).at("/response/allowed")
                .asBoolean()).isTrue();
        assertThat(answer(AdmissionReviews.BUILDS, review("UPDATE", build(OTHER_URL).replace("\"ref\":\"main\"",
                "\"ref\":\"dev\""), old)).at("/response/allowed").asBoolean()).as("a spec change is judged")
                .isFalse();
        assertThat(answer(AdmissionReviews.BUILDS, review("DELETE", null, old)).at("/response/allowed").asBoolean())
                .isTrue();
    }

    @Test
    void anInvalidPolicyIsRefusedWith400() throws Exception {
        String policy = """
                {"apiVersion":"dcbuild.io/v1alpha1","kind":"DevContainerBuildPolicy","metadata":{"name":"p"},
                 "spec":{"namespaceSelector":{},"builder":{"image":"ghcr.io/coder/envbuilder:latest"}}}""";

        JsonNode response = answer(AdmissionReviews.POLICIES, review("CREATE", policy, null));

        assertThat(response.at("/response/allowed").asBoolean()).isFalse();
        assertThat(response.at("/response/status/code").asInt()).isEqualTo(400);
        assertThat(response.at("/response/status/message").asText()).isEqualTo("PolicyInvalid: policy p is invalid: "
                + "spec.builder.image 'ghcr.io/coder/envbuilder:latest' must be pinned by digest (image@sha256:<64 hex>)");
    }

    @Test
    void whatIsNotAReviewIsAnHttpErrorSoTheFailurePolicyDecides() {
        assertThat(reviews.handle(AdmissionReviews.BUILDS, "not json".getBytes(StandardCharsets.UTF_8)).status())
                .isEqualTo(400);
        assertThat(reviews.handle(AdmissionReviews.BUILDS, bytes("{\"apiVersion\":\"admission.k8s.io/v1beta1\","
                + "\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u\"}}")).status()).isEqualTo(400);
        assertThat(reviews.handle("/validate/pods", bytes(review("CREATE", build(ALLOWED_URL), null))).status())
                .isEqualTo(404);
        ready.set(false);
        AdmissionReviews.Reply notSynced = reviews.handle(AdmissionReviews.BUILDS,
                bytes(review("CREATE", build(ALLOWED_URL), null)));
        assertThat(notSynced.status()).isEqualTo(503);
        assertThat(notSynced.body()).contains("have not listed yet");
    }

    private JsonNode answer(String path, String review) throws Exception {
        AdmissionReviews.Reply reply = reviews.handle(path, bytes(review));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.contentType()).isEqualTo("application/json");
        return JSON.readTree(reply.body());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String review(String operation, String object, String oldObject) {
        return """
                {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"uid-1",
                 "kind":{"group":"dcbuild.io","version":"v1alpha1","kind":"DevContainerBuild"},
                 "namespace":"team-a","name":"app","operation":"%s","object":%s,"oldObject":%s}}"""
                .formatted(operation, object, oldObject);
    }

    private static String build(String url) {
        return "{\"apiVersion\":\"dcbuild.io/v1alpha1\",\"kind\":\"DevContainerBuild\",\"metadata\":{\"name\":\"app\","
                + "\"namespace\":\"team-a\"},\"spec\":{\"source\":{\"url\":\"" + url + "\",\"ref\":\"main\"},"
                + "\"cache\":{\"repo\":\"registry.example.com/team/cache\"}}}";
    }

    private static DevContainerBuildPolicy policy() {
        DevContainerBuildPolicy policy = new DevContainerBuildPolicy();
        policy.getMetadata().setName("team-a");
        policy.getMetadata().setGeneration(1L);
        DevContainerBuildPolicySpec spec = new DevContainerBuildPolicySpec();
        spec.setNamespaceSelector(new LabelSelectorBuilder().addToMatchLabels("team", "a").build());
        AllowedSources sources = new AllowedSources();
        sources.setGitUrls(List.of("https://git.example.com/**"));
        spec.setAllowedSources(sources);
        policy.setSpec(spec);
        return policy;
    }
}

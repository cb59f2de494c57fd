package io.dcbuild.operator.testing.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The status of this operator's resources as kstatus readers (Flux's health checks, kpt, cli-utils) see it.
 *
 * <p>{@link #verdict} is what kstatus computes for a custom resource, from sigs.k8s.io/cli-utils
 * {@code pkg/kstatus/status} ({@code Compute} and {@code checkGenericProperties}): Terminating with a
 * deletionTimestamp; InProgress when {@code status.observedGeneration} is set and differs from
 * {@code metadata.generation}; then, in the order the conditions are listed, Reconciling=True is InProgress and
 * Stalled=True is Failed; anything else is Current (also an object without any status: the blind spot of the
 * "abnormal-true" conditions, which is why observedGeneration matters).
 *
 * <p>{@link #brokenRules} checks the rules the operator keeps, so that every kstatus reader, a reader of Ready alone
 * ({@code kubectl wait --for=condition=Ready}) and Argo CD's health checks agree:
 * <ol>
 *   <li>once the operator wrote conditions, {@code status.observedGeneration} is set and not above
 *       {@code metadata.generation};</li>
 *   <li>Ready, Reconciling and Stalled each appear once, with status True or False;</li>
 *   <li>exactly one of them is True: Ready=True implies Reconciling and Stalled are not True, Stalled=True implies
 *       Ready=False, and the operator never says it is both working on an object and stuck;</li>
 *   <li>the True one has a reason and a message (a person reads why);</li>
 *   <li>each of the three carries {@code observedGeneration} equal to {@code status.observedGeneration}: none of
 *       them describes an older spec than the status does.</li>
 * </ol>
 * A settled object (Ready or Stalled after the operator saw its last change) has, besides, observedGeneration equal
 * to generation; the tests check that when they have waited for it.
 */
public final class Kstatus {

    public enum Verdict { InProgress, Failed, Current, Terminating }

    public static final List<String> TYPES = List.of("Ready", "Reconciling", "Stalled");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Kstatus() {
    }

    public static Verdict verdict(HasMetadata object) {
        JsonNode node = tree(object);
        if (!node.path("metadata").path("deletionTimestamp").asText("").isEmpty()) {
            return Verdict.Terminating;
        }
        JsonNode observed = node.path("status").path("observedGeneration");
        JsonNode generation = node.path("metadata").path("generation");
        if (generation.isNumber() && observed.isNumber() && observed.asLong() != generation.asLong()) {
            return Verdict.InProgress;
        }
        for (JsonNode condition : node.path("status").path("conditions")) {
            boolean holds = "True".equals(condition.path("status").asText());
            if (holds && "Reconciling".equals(condition.path("type").asText())) {
                return Verdict.InProgress;
            }
            if (holds && "Stalled".equals(condition.path("type").asText())) {
                return Verdict.Failed;
            }
        }
        return Verdict.Current;
    }

    /** The rules of the class comment that {@code object}'s status breaks; empty when it keeps them all. */
    public static List<String> brokenRules(HasMetadata object) {
        JsonNode node = tree(object);
        JsonNode status = node.path("status");
        List<String> broken = new ArrayList<>();
        if (status.path("conditions").isEmpty()) {
            return broken; // nothing written yet
        }
        JsonNode observed = status.path("observedGeneration");
        long generation = node.path("metadata").path("generation").asLong();
        if (!observed.isNumber()) {
            broken.add("1: conditions without status.observedGeneration");
        } else if (observed.asLong() > generation) {
            broken.add("1: observedGeneration " + observed.asLong() + " above generation " + generation);
        }
        Map<String, List<JsonNode>> byType = new TreeMap<>();
        for (JsonNode condition : status.path("conditions")) {
            byType.computeIfAbsent(condition.path("type").asText(), t -> new ArrayList<>()).add(condition);
        }
        int holding = 0;
        for (String type : TYPES) {
            List<JsonNode> found = byType.getOrDefault(type, List.of());
            if (found.size() != 1) {
                broken.add("2: " + found.size() + " conditions of type " + type);
                continue;
            }
            JsonNode condition = found.get(0);
            String value = condition.path("status").asText();
            if (!value.equals("True") && !value.equals("False")) {
                broken.add("2: " + type + " is " + value);
            }
            if (value.equals("True")) {
                holding++;
                if (condition.path("reason").asText("").isBlank() || condition.path("message").asText("").isBlank()) {
                    broken.add("4: " + type + "=True without a reason and a message: " + condition);
                }
            }
            if (!condition.path("observedGeneration").isNumber()
                    || condition.path("observedGeneration").asLong() != observed.asLong()) {
                broken.add("5: " + type + " has observedGeneration " + condition.path("observedGeneration")
                        + ", the status " + observed);
            }
        }
        if (holding != 1) {
            broken.add("3: " + holding + " of Ready, Reconciling, Stalled are True: " + status.path("conditions"));
        }
        return broken;
    }

    private static JsonNode tree(HasMetadata object) {
        try {
            return JSON.readTree(SERIALIZATION.asJson(object));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

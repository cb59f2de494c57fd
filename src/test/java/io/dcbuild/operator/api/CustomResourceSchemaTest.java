package io.dcbuild.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.dcbuild.operator.testing.controlplane.ClusterCommands.Result;
import io.dcbuild.operator.testing.controlplane.ControlPlane;
import io.dcbuild.operator.testing.controlplane.OperatorInstallation;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * What a user sees of the two custom resources through the real {@code kubectl} against the real API server
 * ({@link ControlPlane}), with the CRDs committed under {@code deploy/crds/} installed:
 * <ul>
 * <li>every validation the CRD schemas declare under {@code spec} rejects an object at {@code kubectl apply},
 * naming the field (one case per constraint, each violating exactly that constraint of a complete valid object);
 * <li>{@code kubectl explain} describes the resource, its spec and status, and every field below them;
 * <li>{@code kubectl get} prints the expected columns, name first and age last.
 * </ul>
 * The operator does not run: objects created here are never reconciled.
 */
class CustomResourceSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    /** A DevContainerBuild with every constrained field set, as in examples/devcontainerbuild.yaml. */
    private static final String VALID_BUILD = """
            apiVersion: dcbuild.io/v1alpha1
            kind: DevContainerBuild
            metadata:
              name: web-app
            spec:
              source:
                url: https://git.example.com/team-a/web-app.git
                ref: main
                devcontainerDir: .devcontainer
                credentialsSecretRef:
                  name: web-app-git
              cache:
                repo: registry.example.com/devcontainers/web-app-cache
                ttlDays: 7
              registryCredentialsSecretRef:
                name: registry-credentials
              pollInterval: 5m
              builder:
                image: ghcr.io/coder/envbuilder@sha256:b34ade2fb90a8536df76e7a15c6dd8c6352d0ae835a187b13467fa0c8a71e280
                activeDeadlineSeconds: 3600
                resources:
                  requests:
                    cpu: "1"
                    memory: 2Gi
                  limits:
                    memory: 6Gi
            """;

    /** A DevContainerBuildPolicy with every constrained field set, as in examples/policy.yaml. */
    private static final String VALID_POLICY = """
            apiVersion: dcbuild.io/v1alpha1
            kind: DevContainerBuildPolicy
            metadata:
              name: crdschema-baseline
            spec:
              namespaceSelector:
                matchLabels:
                  dcbuild.io/tenant: "true"
                matchExpressions:
                  - key: kubernetes.io/metadata.name
                    operator: NotIn
                    values: [kube-system, dcbuild-system]
              priority: 10
              proxy:
                httpProxy: http://proxy.corp.example.com:3128
                httpsProxy: http://proxy.corp.example.com:3128
                noProxy: .cluster.local,.svc,10.0.0.0/8
              caBundle:
                kind: ConfigMap
                namespace: dcbuild-system
                name: corp-ca-bundle
                key: ca.crt
              registryCredentials:
                secretRef:
                  kind: Secret
                  namespace: dcbuild-system
                  name: artifactory-pull-push
                  key: .dockerconfigjson
                enforce: false
              allowedSources:
                gitUrls: ["https://git.corp.example.com/**"]
                images: ["mcr.microsoft.com/devcontainers/*", "docker.io/library/debian"]
                features: ["ghcr.io/devcontainers/features/*"]
                cacheRepos: ["registry.example.com/devcontainers/**"]
              defaults:
                cacheRepo: registry.example.com/devcontainers/cache
                cacheTtlDays: 7
              builder:
                image: ghcr.io/coder/envbuilder@sha256:b34ade2fb90a8536df76e7a15c6dd8c6352d0ae835a187b13467fa0c8a71e280
                activeDeadlineSeconds: 5400
                resources:
                  requests:
                    cpu: "1"
                    memory: 2Gi
                  limits:
                    memory: 8Gi
                nodeSelector:
                  node-pool: builders
                tolerations:
                  - key: dedicated
                    operator: Equal
                    value: builders
                    effect: NoSchedule
                    tolerationSeconds: 60
              retention:
                enabled: true
                ttlDays: 14
                historyLimit: 10
                interval: 24h
                dryRun: false
            """;

    /**
     * Values a user might plausibly write that a field's pattern rejects, by schema path. A pattern on a path not
     * listed here gets the first of {@link #FALLBACK_INVALID_STRINGS} it rejects.
     */
    private static final Map<String, String> INVALID_BY_PATTERN = Map.of(
            "spec.source.url", "git@git.example.com:team-a/web-app.git",
            "spec.source.ref", "main~1",
            "spec.cache.repo", "registry.example.com/devcontainers/web-app-cache:latest",
            "spec.pollInterval", "5 minutes",
            "spec.defaults.cacheRepo", "registry.example.com/devcontainers/cache:latest",
            "spec.proxy.httpProxy", "proxy.corp.example.com:3128",
            "spec.proxy.httpsProxy", "proxy.corp.example.com:3128",
            "spec.retention.interval", "30s");
    private static final List<String> FALLBACK_INVALID_STRINGS = List.of("has a space", "", "UPPER", "-", "a:b");

    /**
     * Invalid mutations for CEL rules ({@code x-kubernetes-validations}), keyed by "<schema path> <rule>": CEL
     * rules cannot be violated generically, so a new rule needs an entry here (the case fails until it has one).
     */
    private static final Map<String, Consumer<ObjectNode>> CEL_VIOLATIONS = Map.of(
            "spec.namespaceSelector.matchExpressions[*] self.operator in ['In', 'NotIn', 'Exists', 'DoesNotExist']",
            requirement -> requirement.put("operator", "Equals").remove("values"),
            "spec.namespaceSelector.matchExpressions[*] self.operator in ['In', 'NotIn'] ? (has(self.values) && "
                    + "size(self.values) > 0) : (!has(self.values) || size(self.values) == 0)",
            requirement -> requirement.put("operator", "Exists"));

    /** The schema keywords that constrain values and that {@link #violate} knows how to break. */
    private static final Set<String> SUPPORTED = Set.of("required", "pattern", "minimum", "maximum", "enum",
            "minLength", "maxLength", "minItems", "maxItems", "x-kubernetes-validations");
    /** Schema keywords that describe structure or documentation only, and reject nothing. */
    private static final Set<String> STRUCTURAL = Set.of("type", "description", "properties", "items",
            "additionalProperties", "x-kubernetes-int-or-string", "x-kubernetes-preserve-unknown-fields",
            "x-kubernetes-embedded-resource", "x-kubernetes-map-type", "nullable", "default", "title", "example",
            "externalDocs");

    private static final String NAMESPACE = "crdschema-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String PRINTED_POLICY = "crdschema-printed-" + NAMESPACE.substring("crdschema-".length());

    private static ControlPlane controlPlane;
    private static KubernetesClient admin;

    /** The two kinds, each with its committed CRD file and a complete valid object. */
    enum Kind {
        BUILD("devcontainerbuilds.dcbuild.io-v1.yml", VALID_BUILD),
        POLICY("devcontainerbuildpolicies.dcbuild.io-v1.yml", VALID_POLICY);

        final Path crdFile;
        final String validYaml;

        Kind(String crdFile, String validYaml) {
            this.crdFile = Path.of("deploy", "crds", crdFile);
            this.validYaml = validYaml;
        }

        JsonNode crd() {
            try {
                return YAML.readTree(Files.readString(crdFile));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + crdFile, e);
            }
        }

        String kindName() {
            return crd().at("/spec/names/kind").asText();
        }

        String plural() {
            return crd().at("/spec/names/plural").asText();
        }

        boolean namespaced() {
            return "Namespaced".equals(crd().at("/spec/scope").asText());
        }

        /** The schema of the (only) served version. */
        JsonNode schema() {
            return crd().at("/spec/versions/0/schema/openAPIV3Schema");
        }

        JsonNode printerColumns() {
            return crd().at("/spec/versions/0/additionalPrinterColumns");
        }

        /** A fresh copy of the valid object, in the test namespace when the kind is namespaced. */
        ObjectNode validObject() {
            try {
                ObjectNode object = (ObjectNode) YAML.readTree(validYaml);
                if (namespaced()) {
                    ((ObjectNode) object.get("metadata")).put("namespace", NAMESPACE);
                }
                return object;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** One constraint of the schema: a keyword at a schema path such as {@code spec.builder.tolerations[*].key}. */
    record Constraint(Kind kind, String path, String keyword, JsonNode schema, JsonNode value) {

        String displayName() {
            String shown = value == null ? ""
                    : value.isTextual() ? " " + value.asText()
                    : value.isNumber() && value.asDouble() == Math.rint(value.asDouble()) ? " " + value.asLong()
                    : " " + value;
            return kind.kindName() + " " + path + " " + keyword + shown;
        }

        /** The path in an object: the first item of each array, as the API server names it in messages. */
        String concretePath() {
            return path.replace("[*]", "[0]");
        }
    }

    @BeforeAll
    static void installCrds() {
        controlPlane = ControlPlane.shared();
        OperatorInstallation.install(controlPlane);
        admin = controlPlane.admin();
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata()
                .build()).create();
    }

    @AfterAll
    static void deleteObjects() {
        if (admin != null) {
            admin.genericKubernetesResources("dcbuild.io/v1alpha1", "DevContainerBuildPolicy")
                    .withName(PRINTED_POLICY).delete();
            admin.namespaces().withName(NAMESPACE).delete();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // a. every validation is enforced at apply time
    // ---------------------------------------------------------------------------------------------------------

    @TestFactory
    Stream<DynamicNode> everyConstraintOfTheSpecIsEnforcedAtApply() {
        return Stream.of(Kind.values()).map(kind -> {
            List<DynamicNode> cases = new ArrayList<>();
            cases.add(DynamicTest.dynamicTest(kind.kindName() + " valid object is accepted", () -> {
                Result result = dryRunApply(kind.validObject());
                assertThat(result.exitCode()).as("the valid %s must pass server-side validation:%n%s",
                        kind.kindName(), result.output()).isZero();
                // a dry-run apply of an object that exists would patch it, leaving removed fields in place
                assertThat(result.output()).as("the valid object is new to the cluster")
                        .contains("created (server dry run)");
            }));
            List<Constraint> constraints = new ArrayList<>();
            collectConstraints(kind, kind.schema().get("properties").get("spec"), "spec", constraints);
            assertThat(constraints).as("constraints of %s", kind.crdFile).isNotEmpty();
            for (Constraint constraint : constraints) {
                cases.add(DynamicTest.dynamicTest(constraint.displayName(),
                        () -> assertViolationIsRejected(constraint)));
            }
            return DynamicContainer.dynamicContainer(kind.kindName(), cases);
        });
    }

    private static void collectConstraints(Kind kind, JsonNode schema, String path, List<Constraint> into) {
        boolean intOrString = schema.path("x-kubernetes-int-or-string").asBoolean(false);
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            String keyword = entry.getKey();
            JsonNode value = entry.getValue();
            switch (keyword) {
                case "required" -> value.forEach(name -> into.add(
                        new Constraint(kind, path + "." + name.asText(), "required", schema, null)));
                case "properties" -> value.fields().forEachRemaining(
                        child -> collectConstraints(kind, child.getValue(), path + "." + child.getKey(), into));
                case "items" -> collectConstraints(kind, value, path + "[*]", into);
                case "additionalProperties" -> {
                    if (value.isObject()) {
                        collectConstraints(kind, value, path + "{*}", into);
                    }
                }
                case "x-kubernetes-validations" -> value.forEach(
                        rule -> into.add(new Constraint(kind, path, keyword, schema, rule.get("rule"))));
                case "anyOf" -> {
                    if (!intOrString) {
                        into.add(new Constraint(kind, path, keyword, schema, value));
                    }
                }
                case "x-kubernetes-list-type" -> {
                    if (!"atomic".equals(value.asText())) {
                        into.add(new Constraint(kind, path, keyword, schema, value));
                    }
                }
                default -> {
                    if (!STRUCTURAL.contains(keyword)) {
                        into.add(new Constraint(kind, path, keyword, schema, value));
                    }
                }
            }
        }
    }

    private static void assertViolationIsRejected(Constraint constraint) {
        assertThat(SUPPORTED).as("%s: this test cannot yet derive a value violating '%s'; extend violate()",
                constraint.displayName(), constraint.keyword()).contains(constraint.keyword());
        assertThat(constraint.path()).as("%s: constraints on map values are not covered; extend the test",
                constraint.displayName()).doesNotContain("{*}");
        ObjectNode object = constraint.kind().validObject();
        List<String> segments = segments(constraint.concretePath());
        if (constraint.keyword().equals("x-kubernetes-validations")) {
            // a CEL rule applies to the object at its path (an item of a list included), not to a field of it
            JsonNode target = navigate(object, segments);
            assertThat(target != null && target.isObject())
                    .as("the valid %s in this test lacks %s: add it so that '%s' is tested",
                            constraint.kind().kindName(), constraint.concretePath(), constraint.displayName())
                    .isTrue();
            violate(constraint, (ObjectNode) target, null);
        } else {
            JsonNode parent = navigate(object, segments.subList(0, segments.size() - 1));
            String last = segments.get(segments.size() - 1);
            assertThat(parent != null && parent.isObject() && parent.has(last))
                    .as("the valid %s in this test lacks %s: add it so that '%s' is tested",
                            constraint.kind().kindName(), constraint.concretePath(), constraint.displayName())
                    .isTrue();
            violate(constraint, (ObjectNode) parent, last);
        }
        Result result = dryRunApply(object);

        assertThat(result.exitCode()).as("kubectl apply must reject %s; object:%n%s%noutput:%n%s",
                constraint.displayName(), toYaml(object), result.output()).isNotZero();
        // with CEL rules in the schema, a structural error comes with a line saying the rules were not checked
        String errors = result.output()
                .replaceAll("(?m)^\\s*\\*\\s*<nil>: Invalid value: null: some validation rules were not checked.*\\R?", "")
                .replaceAll("is invalid:\\s*\\*\\s*", "is invalid: ");
        assertThat(errors)
                .as("the error must name %s (and only it)", constraint.concretePath())
                .contains("is invalid: " + constraint.concretePath() + ": ")
                .doesNotContainPattern("(?m)^\\s*\\* ");
        String phrase = expectedPhrase(constraint.keyword());
        if (phrase != null) {
            assertThat(result.output()).as("the error must say what is wrong").contains(phrase);
        }
    }

    /** Breaks exactly the given constraint in {@code parent.field} of an otherwise valid object. */
    private static void violate(Constraint constraint, ObjectNode parent, String field) {
        JsonNode schema = constraint.schema();
        JsonNode current = parent.get(field);
        switch (constraint.keyword()) {
            case "required" -> parent.remove(field);
            case "pattern" -> {
                Pattern pattern = Pattern.compile(schema.get("pattern").asText());
                String invalid = INVALID_BY_PATTERN.getOrDefault(constraint.path(),
                        FALLBACK_INVALID_STRINGS.stream().filter(v -> !pattern.matcher(v).find()).findFirst()
                                .orElseThrow(() -> new AssertionError("no fallback value violates " + pattern)));
                assertThat(pattern.matcher(invalid).find())
                        .as("'%s' must not match the pattern %s of %s", invalid, pattern, constraint.path())
                        .isFalse();
                parent.put(field, invalid);
            }
            case "minimum" -> {
                long bound = schema.get("minimum").asLong();
                parent.put(field, schema.path("exclusiveMinimum").asBoolean(false) ? bound : bound - 1);
            }
            case "maximum" -> {
                long bound = schema.get("maximum").asLong();
                parent.put(field, schema.path("exclusiveMaximum").asBoolean(false) ? bound : bound + 1);
            }
            case "enum" -> {
                String invalid = "NotAllowed";
                for (JsonNode allowed : schema.get("enum")) {
                    assertThat(allowed.asText()).isNotEqualTo(invalid);
                }
                parent.put(field, invalid);
            }
            case "minLength" -> parent.put(field, "x".repeat(schema.get("minLength").asInt() - 1));
            case "maxLength" -> parent.put(field, "x".repeat(schema.get("maxLength").asInt() + 1));
            case "minItems" -> {
                ArrayNode items = JSON.createArrayNode();
                for (int i = 0; i < schema.get("minItems").asInt() - 1; i++) {
                    items.add(current.get(i).deepCopy());
                }
                parent.set(field, items);
            }
            case "maxItems" -> {
                ArrayNode items = JSON.createArrayNode();
                for (int i = 0; i <= schema.get("maxItems").asInt(); i++) {
                    items.add(current.get(0).deepCopy());
                }
                parent.set(field, items);
            }
            case "x-kubernetes-validations" -> {
                String key = constraint.path() + " " + constraint.value().asText();
                var mutation = CEL_VIOLATIONS.get(key);
                if (mutation == null) {
                    fail("no invalid mutation for the CEL rule '%s'; add one to CEL_VIOLATIONS", key);
                }
                mutation.accept(parent);
            }
            default -> fail("unsupported keyword " + constraint.keyword());
        }
    }

    /** What the API server says for each kind of violation (null: not checked beyond the field path). */
    private static String expectedPhrase(String keyword) {
        return switch (keyword) {
            case "required" -> "Required value";
            case "pattern" -> "should match";
            case "minimum" -> "should be greater than or equal to";
            case "maximum" -> "should be less than or equal to";
            case "enum" -> "Unsupported value";
            default -> null;
        };
    }

    private static Result dryRunApply(ObjectNode object) {
        return kubectl(toYaml(object), "apply", "--dry-run=server", "-f", "-");
    }

    // ---------------------------------------------------------------------------------------------------------
    // b. kubectl explain describes every field
    // ---------------------------------------------------------------------------------------------------------

    @TestFactory
    Stream<DynamicNode> kubectlExplainDescribesEveryField() {
        return Stream.of(Kind.values()).map(kind -> {
            Map<String, JsonNode> paths = new LinkedHashMap<>();
            paths.put("", kind.schema());
            collectObjectPaths(kind.schema(), "", paths);
            assertThat(paths).as("explained paths of %s", kind.kindName()).containsKeys("spec", "status");
            return DynamicContainer.dynamicContainer(kind.kindName(), paths.entrySet().stream().map(path -> {
                String resource = kind.plural() + (path.getKey().isEmpty() ? "" : "." + path.getKey());
                return DynamicTest.dynamicTest("kubectl explain " + resource,
                        () -> assertExplained(kind, resource, path.getKey(), path.getValue()));
            }));
        });
    }

    /**
     * The schema of every object below the root, and of the items of every array of objects, by the path kubectl
     * explain takes for it ({@code status.conditions} for the items of that array).
     */
    private static void collectObjectPaths(JsonNode schema, String path, Map<String, JsonNode> into) {
        JsonNode properties = schema.get("properties");
        if (properties == null) {
            return;
        }
        properties.fields().forEachRemaining(child -> {
            String childPath = path.isEmpty() ? child.getKey() : path + "." + child.getKey();
            JsonNode childSchema = child.getValue();
            JsonNode objectSchema = childSchema.has("items") ? childSchema.get("items") : childSchema;
            if (objectSchema.has("properties")) {
                into.put(childPath, objectSchema);
                collectObjectPaths(objectSchema, childPath, into);
            }
        });
    }

    private static void assertExplained(Kind kind, String resource, String path, JsonNode schema) {
        Result result = kubectl(null, "explain", resource);
        assertThat(result.exitCode()).as("kubectl explain %s:%n%s", resource, result.output()).isZero();
        Explanation explanation = Explanation.parse(result.output());
        List<String> schemaFields = new ArrayList<>();
        if (path.isEmpty()) {
            schemaFields.addAll(List.of("apiVersion", "kind", "metadata"));
        }
        schema.get("properties").fieldNames().forEachRemaining(schemaFields::add);
        assertThat(explanation.fields().keySet()).as("the fields kubectl explain %s lists:%n%s", resource,
                result.output()).containsExactlyInAnyOrderElementsOf(schemaFields);
        List<String> problems = new ArrayList<>();
        if (path.isEmpty() || path.equals("spec") || path.equals("status")) {
            if (!hasText(explanation.description())) {
                problems.add("the description of " + (path.isEmpty() ? kind.kindName() : path) + " is empty");
            }
        }
        if (explanation.fields().isEmpty()) {
            problems.add("kubectl lists no fields");
        }
        explanation.fields().forEach((field, description) -> {
            if (!hasText(description)) {
                problems.add((path.isEmpty() ? "" : path + ".") + field + " has no description");
            }
        });
        assertThat(problems).as("kubectl explain %s:%n%s", resource, result.output()).isEmpty();
    }

    private static boolean hasText(String description) {
        return !description.isBlank() && !description.strip().equals("<empty>");
    }

    /**
     * The output of kubectl explain (1.27+): a header, {@code DESCRIPTION:} with the text indented by four spaces,
     * then {@code FIELDS:} with each field as {@code "  name\t<type>"} followed by its description indented by
     * four spaces ({@code <empty>} or nothing when it has none).
     */
    record Explanation(String description, Map<String, String> fields) {

        private static final Pattern FIELD_LINE = Pattern.compile("^  (\\S+)\\t<.*$");

        static Explanation parse(String output) {
            StringBuilder description = new StringBuilder();
            Map<String, String> fields = new LinkedHashMap<>();
            String section = "";
            String field = null;
            for (String line : output.split("\n", -1)) {
                if (line.equals("DESCRIPTION:") || line.equals("FIELDS:")) {
                    section = line;
                    continue;
                }
                if (section.equals("DESCRIPTION:")) {
                    description.append(line.strip()).append('\n');
                } else if (section.equals("FIELDS:")) {
                    var matcher = FIELD_LINE.matcher(line);
                    if (matcher.matches()) {
                        field = matcher.group(1);
                        fields.put(field, "");
                    } else if (field != null && line.startsWith("    ")) {
                        fields.put(field, fields.get(field) + line.strip() + "\n");
                    }
                }
            }
            return new Explanation(description.toString(), fields);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // c. kubectl get prints the expected columns
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void kubectlGetDcbPrintsNamePhaseImageCommitCacheAge() {
        ObjectNode build = Kind.BUILD.validObject();
        // not the name of the dry-run objects: those must stay new to the cluster
        ((ObjectNode) build.get("metadata")).put("name", "printed-build");
        admin.resource(toYaml(build)).create();

        Result result = kubectl(null, "get", "dcb", "-n", NAMESPACE);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(header(result.output())).as("kubectl get dcb:%n%s", result.output())
                .containsExactly("NAME", "PHASE", "IMAGE", "COMMIT", "CACHE", "AGE");
    }

    @Test
    void kubectlGetDcbpPrintsTheDeclaredColumnsWithAgeLast() {
        JsonNode crd = Kind.POLICY.crd();
        String shortName = crd.at("/spec/names/shortNames/0").asText(Kind.POLICY.plural());
        List<String> declared = new ArrayList<>();
        Kind.POLICY.printerColumns().forEach(column -> {
            if (column.path("priority").asInt(0) == 0) {
                declared.add(column.get("name").asText().toUpperCase(Locale.ROOT));
            }
        });
        List<String> expected = new ArrayList<>();
        expected.add("NAME");
        expected.addAll(declared.isEmpty() ? List.of("AGE") : declared);
        // a policy that selects no namespace (no namespaceSelector), so that it governs nothing
        admin.resource("""
                apiVersion: dcbuild.io/v1alpha1
                kind: DevContainerBuildPolicy
                metadata:
                  name: %s
                spec:
                  priority: 3
                """.formatted(PRINTED_POLICY)).create();

        Result result = kubectl(null, "get", shortName, PRINTED_POLICY);

        assertThat(result.exitCode()).as(result.output()).isZero();
        List<String> header = header(result.output());
        assertThat(header).as("kubectl get %s:%n%s", shortName, result.output()).containsExactlyElementsOf(expected);
        assertThat(header).as("AGE comes last, as in every built-in kind").last().isEqualTo("AGE");
    }

    private static List<String> header(String output) {
        return List.of(output.lines().findFirst().orElse("").strip().split("\\s+"));
    }

    // ---------------------------------------------------------------------------------------------------------
    // helpers
    // ---------------------------------------------------------------------------------------------------------

    /** Path segments: {@code spec.a[0].b} gives spec, a, [0], b. */
    private static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        for (String part : path.split("\\.")) {
            int bracket = part.indexOf('[');
            if (bracket < 0) {
                segments.add(part);
            } else {
                segments.add(part.substring(0, bracket));
                segments.add(part.substring(bracket));
            }
        }
        return segments;
    }

    private static JsonNode navigate(JsonNode node, List<String> segments) {
        for (String segment : segments) {
            if (node == null) {
                return null;
            }
            node = segment.startsWith("[") ? node.get(Integer.parseInt(segment.substring(1, segment.length() - 1)))
                    : node.get(segment);
        }
        return node;
    }

    private static String toYaml(JsonNode node) {
        try {
            return YAML.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The real kubectl as the cluster administrator, with {@code stdin} (if not null) as its input. */
    private static Result kubectl(String stdin, String... args) {
        return controlPlane.commands().kubectl(stdin, args);
    }
}

package io.dcbuild.operator.cli;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the resources of one kind from a YAML file of one or more documents, as {@code kubectl apply -f} would take
 * them. Unknown fields are refused rather than ignored: a misspelt {@code allowedSources} would otherwise allow
 * everything.
 */
final class ManifestFile {

    private static final Pattern YAML_POSITION = Pattern.compile("line \\d+, column \\d+");

    private final KubernetesSerialization serialization = new KubernetesSerialization();

    ManifestFile() {
        serialization.registerKubernetesResource(DevContainerBuild.class);
        serialization.registerKubernetesResource(DevContainerBuildPolicy.class);
    }

    /** Every document of the file, each of which must be a {@code kind}; empty documents are skipped. */
    <T extends HasMetadata> List<T> readAll(Path file, Class<T> kind) throws ManifestException {
        Object parsed = parse(file);
        List<Object> documents = new ArrayList<>();
        if (parsed instanceof List<?> list) {
            documents.addAll(list);
        } else if (parsed != null) {
            documents.add(parsed);
        }
        List<T> resources = new ArrayList<>();
        for (Object document : documents) {
            if (document == null) {
                continue;
            }
            if (!kind.isInstance(document)) {
                throw new ManifestException(file + " holds " + describe(document) + ", not a "
                        + HasMetadata.getKind(kind) + " of apiVersion " + HasMetadata.getApiVersion(kind), false);
            }
            resources.add(kind.cast(document));
        }
        if (resources.isEmpty()) {
            throw new ManifestException(file + " holds no " + HasMetadata.getKind(kind), false);
        }
        return resources;
    }

    /** The single document of the file, which must be a {@code kind}. */
    <T extends HasMetadata> T readOne(Path file, Class<T> kind) throws ManifestException {
        List<T> resources = readAll(file, kind);
        if (resources.size() > 1) {
            throw new ManifestException(file + " holds " + resources.size() + " " + HasMetadata.getKind(kind)
                    + " documents; give one", false);
        }
        return resources.get(0);
    }

    private Object parse(Path file) throws ManifestException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ManifestException("cannot read " + file + ": " + describeIo(e), false);
        }
        try {
            return serialization.unmarshal(text);
        } catch (RuntimeException e) {
            JsonMappingException mapping = find(e, JsonMappingException.class);
            if (mapping != null && !mapping.getPath().isEmpty()) {
                throw new ManifestException(file + ": " + fieldProblem(mapping), true);
            }
            throw new ManifestException(file + " is not valid YAML for a Kubernetes resource: "
                    + yamlProblem(e), false);
        }
    }

    private static String fieldProblem(JsonMappingException e) {
        String field = fieldPath(e);
        if (e instanceof UnrecognizedPropertyException) {
            return "unknown field " + field;
        }
        return field + " does not fit the schema: " + firstLine(e.getOriginalMessage());
    }

    /** spec.cache.ttlDays, or spec.builder.tolerations[0].key: the path below the resource. */
    private static String fieldPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String yamlProblem(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        Matcher position = YAML_POSITION.matcher(message);
        return firstLine(message) + (position.find() ? " (" + position.group() + ")" : "");
    }

    private static String describe(Object document) {
        if (document instanceof HasMetadata resource && resource.getKind() != null) {
            String name = resource.getMetadata() == null ? null : resource.getMetadata().getName();
            return "a " + resource.getKind() + (name == null ? "" : " named " + name) + " of apiVersion "
                    + resource.getApiVersion();
        }
        return "a document that is no Kubernetes resource (apiVersion or kind is missing)";
    }

    private static String describeIo(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        return text.strip().lines().findFirst().orElse("").strip();
    }

    private static <E extends Throwable> E find(Throwable e, Class<E> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}

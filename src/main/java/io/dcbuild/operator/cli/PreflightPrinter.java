package io.dcbuild.operator.cli;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicy;
import io.dcbuild.operator.source.ImageRequirement;
import io.dcbuild.operator.source.PreflightNote;
import io.dcbuild.operator.source.PreflightReport;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Prints a {@link PreflightResult} for a person: each step on stdout, and one sentence on stderr when the exit code
 * is not 0. Prints no secret value: the pod only holds secretKeyRef and configMapKeyRef, URLs lose their user info.
 */
public final class PreflightPrinter {

    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    private final PrintStream out;
    private final PrintStream err;

    public PreflightPrinter(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public void usage() {
        out.print(PreflightArguments.USAGE);
    }

    /** A usage error or a failure outside the steps: one sentence on stderr. */
    public void error(String sentence) {
        err.println("preflight: " + UrlUserInfoRedaction.redact(sentence));
    }

    public void print(PreflightResult result) {
        out.println("Preflight of DevContainerBuild " + result.build().orElse("(unreadable)"));
        printSpec(result);
        if (result.specProblems().isEmpty()) {
            printPolicies(result);
            if (!stoppedAt(result, PreflightStep.POLICIES)) {
                printCompliance(result);
                printRepository(result);
                if (!stoppedAt(result, PreflightStep.REPOSITORY)) {
                    printReferences(result);
                }
            }
        }
        printVerdict(result);
        printPod(result);
        printSummaryOnStderr(result);
    }

    private void printSpec(PreflightResult result) {
        step(PreflightStep.SPEC, "");
        if (result.specProblems().isEmpty()) {
            line("valid");
        } else {
            result.specProblems().forEach(p -> item("invalid: " + p));
        }
    }

    private void printPolicies(PreflightResult result) {
        Map<String, String> labels = new TreeMap<>(result.namespaceLabels());
        step(PreflightStep.POLICIES, " (labels: " + labels.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")) + ")");
        if (result.governing().isEmpty()) {
            line("none: no policy governs this namespace, the operator's defaults apply");
        } else {
            line("governing, strongest first (single values come from the first that sets them; every "
                    + "allow-list applies):");
            result.governing().forEach(p -> item(describe(p)));
        }
        if (!result.notSelecting().isEmpty()) {
            line("not selecting this namespace: " + result.notSelecting().stream()
                    .map(p -> p.getMetadata().getName()).collect(Collectors.joining(", ")));
        }
        printFailureOf(result, PreflightStep.POLICIES);
    }

    private void printCompliance(PreflightResult result) {
        step(PreflightStep.COMPLIANCE, "");
        if (result.complianceViolations().isEmpty()) {
            line("complies");
        } else {
            result.complianceViolations().forEach(v -> item("violation: " + v));
        }
    }

    private void printRepository(PreflightResult result) {
        step(PreflightStep.REPOSITORY, "");
        result.notes().forEach(n -> item("note: " + n));
        if (result.ref().isPresent()) {
            line("resolved " + result.ref().get().fullName() + " to commit " + result.ref().get().commit());
        } else if (result.failure().isEmpty()) {
            line("not read: the policies do not allow its git URL");
        }
        printFailureOf(result, PreflightStep.REPOSITORY);
    }

    private void printReferences(PreflightResult result) {
        step(PreflightStep.REFERENCES, "");
        printFailureOf(result, PreflightStep.REFERENCES);
        if (result.report().isEmpty()) {
            if (result.failure().isEmpty()) {
                line("not read");
            }
            return;
        }
        PreflightReport report = result.report().get();
        report.devcontainerFile().ifPresent(f -> line("devcontainer.json: " + f));
        report.dockerfile().ifPresent(f -> line("Dockerfile: " + f
                + report.buildContext().map(c -> " (context " + (c.isEmpty() ? "the repository root" : c) + ")")
                        .orElse("")));
        report.unsupported().ifPresent(u -> line("unsupported: " + u));
        List<ImageRequirement> requirements = report.requirements();
        if (requirements.isEmpty()) {
            line("none found");
        }
        int kindWidth = requirements.stream().mapToInt(r -> r.kind().name().length()).max().orElse(0);
        int referenceWidth = requirements.stream().mapToInt(r -> r.reference().length()).max().orElse(0);
        for (ImageRequirement r : requirements) {
            item(pad(r.kind().name(), kindWidth) + "  " + pad(r.reference(), referenceWidth) + "  " + r.source()
                    + (r.isResolved() ? "" : "  (" + r.resolution() + ": " + r.problem().orElse("?") + ")"));
        }
        for (PreflightNote note : report.notes()) {
            item("note: " + note);
        }
    }

    private void printVerdict(PreflightResult result) {
        step(PreflightStep.VERDICT, ": " + result.verdict());
        switch (result.verdict()) {
            case ALLOWED -> line("the operator would start the build");
            case REFUSED -> result.violations().forEach(this::item);
            case INVALID -> {
                result.specProblems().forEach(this::item);
                result.failure().ifPresent(f -> item(f.message()));
            }
            case UNDETERMINED -> line("not reached: " + result.failure().map(PreflightFailure::message)
                    .orElse("?"));
            case UNSUPPORTED -> {
                result.report().flatMap(PreflightReport::unsupported).ifPresent(this::item);
                result.violations().forEach(violation -> item("also: " + violation));
            }
        }
    }

    private void printPod(PreflightResult result) {
        out.println();
        if (result.builderPod().isEmpty()) {
            out.println("No builder pod: the operator would create none"
                    + (result.verdict() == Verdict.UNDETERMINED ? " before the verdict is reached." : "."));
            return;
        }
        out.println("Builder pod the operator would create (role build; secrets only by reference):");
        out.print(UrlUserInfoRedaction.redact(YAML.asYaml(result.builderPod().get())));
    }

    private void printSummaryOnStderr(PreflightResult result) {
        switch (result.verdict()) {
            case ALLOWED -> {
            }
            case REFUSED -> error("REFUSED: " + result.violations().size() + " violation"
                    + (result.violations().size() == 1 ? "" : "s") + " of the governing policies, listed above");
            case INVALID -> error("INVALID: " + (result.specProblems().isEmpty()
                    ? result.failure().map(PreflightFailure::message).orElse("?")
                    : result.specProblems().get(0) + (result.specProblems().size() > 1
                            ? " (and " + (result.specProblems().size() - 1) + " more, listed above)" : "")));
            case UNDETERMINED -> error(result.failure().map(PreflightFailure::message)
                    .orElse("the verdict could not be reached"));
            case UNSUPPORTED -> error("UNSUPPORTED: " + result.report().flatMap(PreflightReport::unsupported)
                    .orElse("Envbuilder cannot build this definition"));
        }
    }

    private void printFailureOf(PreflightResult result, PreflightStep step) {
        if (stoppedAt(result, step)) {
            item("failed: " + result.failure().get().message());
        }
    }

    private static boolean stoppedAt(PreflightResult result, PreflightStep step) {
        return result.failure().map(f -> f.step() == step).orElse(false);
    }

    private static String describe(DevContainerBuildPolicy policy) {
        Integer priority = policy.getSpec().getPriority();
        return policy.getMetadata().getName() + " (priority " + (priority == null ? 0 : priority) + ")";
    }

    private void step(PreflightStep step, String suffix) {
        out.println();
        out.println("[" + (step.ordinal() + 1) + "/" + PreflightStep.values().length + "] " + step.title() + suffix);
    }

    private void line(String text) {
        out.println("  " + UrlUserInfoRedaction.redact(text));
    }

    private void item(String text) {
        out.println("  - " + UrlUserInfoRedaction.redact(text));
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}

package io.dcbuild.operator.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * Kaniko-like chained cache keys: {@code key0 = sha256(FROM line)}, {@code key_i = sha256(key_{i-1} + instruction
 * text)}, and for {@code COPY}/{@code ADD} also {@code + sha256 of the build context}. A change of the base or of
 * any earlier step therefore changes every later key.
 */
final class CacheKeyChain {

    private CacheKeyChain() {
    }

    static String baseKey(DockerfileInstructions dockerfile) {
        return Sha256Hex.of(dockerfile.fromLine());
    }

    /**
     * The steps of the Dockerfile, then the two that Envbuilder appends to every image it builds to push (it copies
     * its own binary and a marker into it; seen in the real v1.3.0's log and image history), cached like any other.
     */
    static List<CacheStep> compute(DockerfileInstructions dockerfile, String contextDigest) {
        List<CacheStep> steps = new ArrayList<>();
        String previous = baseKey(dockerfile);
        int number = 1;
        for (DockerfileInstructions.Instruction instruction : dockerfile.cachedSteps()) {
            String material = previous + instruction.text() + (instruction.copiesFiles() ? contextDigest : "");
            String key = Sha256Hex.of(material);
            steps.add(new CacheStep(number++, instruction.keyword(), instruction.text(), key));
            previous = key;
        }
        for (String appended : ENVBUILDER_STEPS) {
            String key = Sha256Hex.of(previous + appended);
            steps.add(new CacheStep(number++, "COPY", appended, key));
            previous = key;
        }
        return List.copyOf(steps);
    }

    /** What Envbuilder adds after the Dockerfile's steps (envbuilder.go, v1.3.0). */
    static final List<String> ENVBUILDER_STEPS = List.of(
            "COPY --chmod=0755 .envbuilder.tmp/envbuilder /.envbuilder/bin/envbuilder",
            "COPY --chmod=0644 .envbuilder.tmp/image /.envbuilder/image");
}

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
        return List.copyOf(steps);
    }
}

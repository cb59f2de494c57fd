package io.dcbuild.operator.image;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The options of {@link OperatorImageCommand}, as {@code make image} passes them: {@code --option value} pairs; an
 * empty value of an optional one is the same as leaving it out (make passes its variables as they are).
 *
 * @param app       the Quarkus fast-jar directory ({@code target/quarkus-app})
 * @param baseImage the image that brings the JRE ({@code BASE_IMAGE})
 * @param registry  {@code host[:port][/path]} to push to ({@code REGISTRY}); empty: write a tarball
 * @param tarDir    where to write the OCI image layout tarball {@code <name>-<version>.tar} when no registry is given
 * @param cacheDir  Jib's layer caches; empty: Jib's defaults (base layers under {@code ~/.cache})
 */
record OperatorImageArguments(Path app, String baseImage, Optional<String> registry, Optional<Path> tarDir,
        Optional<String> revision, Optional<String> source, Optional<String> licenses, Optional<Path> cacheDir) {

    static final String USAGE = "usage: OperatorImageCommand --app DIR --base-image IMAGE "
            + "(--registry HOST[:PORT][/PATH] | --tar-dir DIR) [--revision COMMIT] [--source URL] [--licenses SPDX] "
            + "[--cache-dir DIR]";

    private static final Set<String> OPTIONS = Set.of("--app", "--base-image", "--registry", "--tar-dir", "--revision",
            "--source", "--licenses", "--cache-dir");

    static OperatorImageArguments parse(List<String> args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.size(); i += 2) {
            String option = args.get(i);
            if (!OPTIONS.contains(option)) {
                throw new ImageBuildException("unknown option " + option + "; " + USAGE);
            }
            if (i + 1 >= args.size()) {
                throw new ImageBuildException(option + " needs a value; " + USAGE);
            }
            if (values.put(option, args.get(i + 1).strip()) != null) {
                throw new ImageBuildException(option + " is given twice; " + USAGE);
            }
        }
        Optional<String> registry = given(values, "--registry");
        Optional<Path> tarDir = given(values, "--tar-dir").map(Path::of);
        if (registry.isPresent() == tarDir.isPresent()) {
            throw new ImageBuildException("give either --registry or --tar-dir; " + USAGE);
        }
        return new OperatorImageArguments(Path.of(required(values, "--app")), required(values, "--base-image"),
                registry, tarDir, given(values, "--revision"), given(values, "--source"), given(values, "--licenses"),
                given(values, "--cache-dir").map(Path::of));
    }

    private static String required(Map<String, String> values, String option) {
        return given(values, option).orElseThrow(() -> new ImageBuildException(option
                + (option.equals("--base-image") ? " (make's BASE_IMAGE)" : "") + " is required; " + USAGE));
    }

    private static Optional<String> given(Map<String, String> values, String option) {
        return Optional.ofNullable(values.get(option)).filter(value -> !value.isEmpty());
    }
}

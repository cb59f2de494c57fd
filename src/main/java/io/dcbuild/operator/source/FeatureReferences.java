package io.dcbuild.operator.source;

import io.dcbuild.operator.source.ImageRequirement.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Classifies the keys of devcontainer.json {@code features}: a path ({@code ./local-feature}) is a Feature in the
 * repository, a URL is a tarball, anything else an OCI reference. A legacy short id without a {@code /}
 * ({@code node}) is reported as Envbuilder reads it: a Docker Hub reference ({@code docker.io/library/node}).
 */
final class FeatureReferences {

    private FeatureReferences() {
    }

    /** The Features of {@code config}; local ones are resolved against {@code folder}, the file's folder. */
    static ReferenceFindings find(DevcontainerConfig config, String folder) {
        List<ImageRequirement> requirements = new ArrayList<>();
        List<PreflightNote> notes = new ArrayList<>();
        for (DevcontainerConfig.Value feature : config.features()) {
            String key = feature.text();
            SourceLocation location = new SourceLocation(config.path(), feature.line());
            if (key.startsWith("./") || key.startsWith("../")) {
                Optional<String> path = RepositoryPath.resolve(folder, key);
                requirements.add(path.isPresent()
                        ? ImageRequirement.notAnImage(Kind.LOCAL_FEATURE, RepositoryPath.display(path.get()),
                                location)
                        : new ImageRequirement(Kind.LOCAL_FEATURE, key, Optional.empty(), location,
                                ImageRequirement.Resolution.INVALID,
                                Optional.of("the local Feature " + key + " lies outside the repository")));
            } else if (key.startsWith("https://") || key.startsWith("http://")) {
                requirements.add(ImageRequirement.notAnImage(Kind.FEATURE_TARBALL, key, location));
                notes.add(new PreflightNote(location, "the Feature " + key + " is a tarball URL: Envbuilder "
                        + "installs Features from OCI registries only, so the build will fail on it"));
            } else {
                ImageRequirement requirement = ImageRequirement.pulled(Kind.FEATURE, key, location);
                requirements.add(requirement);
                if (!key.contains("/") && requirement.image().isPresent()) {
                    notes.add(new PreflightNote(location, "'" + key + "' is a legacy short Feature id: Envbuilder "
                            + "reads it as the Docker Hub reference " + requirement.image().get()));
                }
            }
        }
        return new ReferenceFindings(requirements, notes);
    }
}

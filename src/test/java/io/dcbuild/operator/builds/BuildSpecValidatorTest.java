package io.dcbuild.operator.builds;

import static org.assertj.core.api.Assertions.assertThat;

import io.dcbuild.operator.api.v1alpha1.BuilderSpec;
import io.dcbuild.operator.api.v1alpha1.CacheSpec;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildSpec;
import io.dcbuild.operator.api.v1alpha1.GitSource;
import org.junit.jupiter.api.Test;

class BuildSpecValidatorTest {

    private final BuildSpecValidator validator = new BuildSpecValidator(true);

    static DevContainerBuildSpec validSpec() {
        DevContainerBuildSpec spec = new DevContainerBuildSpec();
        GitSource source = new GitSource();
        source.setUrl("https://git.example.com/team/app.git");
        source.setRef("main");
        spec.setSource(source);
        CacheSpec cache = new CacheSpec();
        cache.setRepo("registry.example.com:5000/team/cache");
        spec.setCache(cache);
        return spec;
    }

    @Test
    void acceptsAMinimalSpec() {
        assertThat(validator.validate(validSpec())).isEmpty();
    }

    @Test
    void namesTheFieldOfABadUrl() {
        DevContainerBuildSpec spec = validSpec();
        spec.getSource().setUrl("ftp://git.example.com/x");
        assertThat(validator.validate(spec)).singleElement().asString()
                .contains("spec.source.url").contains("http(s)");
    }

    @Test
    void resourcesTheApiServerWouldRefuseAreNamedBeforeAnyPod() {
        DevContainerBuildSpec spec = validSpec();
        io.dcbuild.operator.api.v1alpha1.BuilderSpec builder = new io.dcbuild.operator.api.v1alpha1.BuilderSpec();
        builder.setResources(new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                .withRequests(java.util.Map.of("memory", new io.fabric8.kubernetes.api.model.Quantity("8Gi"),
                        "cpu", new io.fabric8.kubernetes.api.model.Quantity("lots")))
                .withLimits(java.util.Map.of("memory", new io.fabric8.kubernetes.api.model.Quantity("4Gi")))
                .build());
        spec.setBuilder(builder);

        assertThat(validator.validate(spec)).satisfiesExactlyInAnyOrder(
                p -> assertThat(p).contains("requests.cpu 'lots' is not a quantity"),
                p -> assertThat(p).contains("requests.memory 8Gi is above its limit 4Gi"));
    }

    @Test
    void keepWarmNeedsATtlOfTwoDaysAtLeast() {
        DevContainerBuildSpec spec = validSpec();
        io.dcbuild.operator.api.v1alpha1.CacheSpec cache = new io.dcbuild.operator.api.v1alpha1.CacheSpec();
        cache.setRepo("registry.example.com/team/cache");
        cache.setKeepWarm(true);
        cache.setTtlDays(1);
        spec.setCache(cache);
        assertThat(validator.validate(spec)).singleElement().asString()
                .contains("spec.cache.keepWarm").contains("ttlDays of at least 2");

        cache.setTtlDays(2);
        assertThat(validator.validate(spec)).isEmpty();
    }

    @Test
    void namesAPortOutOfRange() {
        DevContainerBuildSpec spec = validSpec();
        spec.getSource().setUrl("https://git.example.com:99999/x.git");
        assertThat(validator.validate(spec)).singleElement().asString()
                .contains("spec.source.url").contains("port 99999").contains("1 to 65535");
    }

    @Test
    void refusesCredentialsInTheUrlWithoutEchoingThem() {
        DevContainerBuildSpec spec = validSpec();
        spec.getSource().setUrl("https://bob:hunter2@git.example.com/x.git");
        assertThat(validator.validate(spec)).singleElement().asString()
                .contains("credentialsSecretRef").doesNotContain("hunter2");
    }

    @Test
    void leavesAMissingCacheRepoToThePolicyDefaults() {
        DevContainerBuildSpec spec = validSpec();
        spec.setCache(null);
        assertThat(validator.validate(spec)).isEmpty();
    }

    @Test
    void refusesACacheRepoWithATag() {
        DevContainerBuildSpec spec = validSpec();
        spec.getCache().setRepo("registry.example.com/team/cache:latest");
        assertThat(validator.validate(spec)).singleElement().asString().contains("no tag");
    }

    @Test
    void refusesCommitShasAsRefs() {
        DevContainerBuildSpec spec = validSpec();
        spec.getSource().setRef("0123456789abcdef0123456789abcdef01234567");
        assertThat(validator.validate(spec)).singleElement().asString().contains("commit SHA");
    }

    @Test
    void requiresPinnedBuilderImages() {
        DevContainerBuildSpec spec = validSpec();
        BuilderSpec builder = new BuilderSpec();
        builder.setImage("ghcr.io/coder/envbuilder:latest");
        spec.setBuilder(builder);
        assertThat(validator.validate(spec)).singleElement().asString().contains("pinned by digest");
        assertThat(new BuildSpecValidator(false).validate(spec)).isEmpty();
    }

    @Test
    void refusesPathsLeavingTheRepository() {
        DevContainerBuildSpec spec = validSpec();
        spec.getSource().setDevcontainerDir("../other");
        assertThat(validator.validate(spec)).singleElement().asString().contains("spec.source.devcontainerDir");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        DevContainerBuildSpec spec = new DevContainerBuildSpec();
        spec.setPollInterval("often");
        assertThat(validator.validate(spec)).hasSize(2);
    }
}

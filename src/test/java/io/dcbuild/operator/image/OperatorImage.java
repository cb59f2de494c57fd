package io.dcbuild.operator.image;

import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;
import java.util.List;

/**
 * The operator's image on a base image that brings a JRE 17 ({@code java} on its {@code PATH}): the fast-jar under
 * {@code /deployments} ({@link FastJarLayers}), started without a shell, so that shell-less (distroless) bases work
 * too, as a numeric non-root user, serving Quarkus' HTTP port (health at {@code /q/health}, metrics at
 * {@code /q/metrics}). JVM options go into {@code JAVA_TOOL_OPTIONS}, which the JVM reads by itself (before the
 * command line: a {@code -Xmx} there wins over the percentage here, another percentage does not). OCI format, with
 * Jib's reproducible defaults (creation time and file times fixed), so equal inputs give the same digest.
 */
public final class OperatorImage {

    public static final List<String> ENTRYPOINT =
            List.of("java", "-XX:MaxRAMPercentage=75", "-jar", "/deployments/quarkus-run.jar");
    /** uid:gid, numeric so that Kubernetes' {@code runAsNonRoot} can check it; distroless' {@code nonroot}. */
    public static final String USER = "65532:65532";
    public static final String WORKING_DIRECTORY = "/deployments";
    public static final Port HTTP_PORT = Port.tcp(8080);

    private OperatorImage() {
    }

    static JibContainerBuilder on(RegistryImage base, PackagedApp app, ImageLabels labels) {
        JibContainerBuilder builder = Jib.from(base)
                .setFormat(ImageFormat.OCI)
                .setFileEntriesLayers(FastJarLayers.of(app))
                .setEntrypoint(ENTRYPOINT)
                .setProgramArguments(List.of())
                .setUser(USER)
                .setWorkingDirectory(FastJarLayers.APP_ROOT)
                .addExposedPort(HTTP_PORT);
        labels.asMap().forEach(builder::addLabel);
        return builder;
    }
}

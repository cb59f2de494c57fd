package io.dcbuild.operator.image;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import java.nio.file.Path;
import java.util.List;

/**
 * The fast-jar directory as image layers under {@code /deployments}, the files that change least first, so that a
 * new build of the operator pushes only the small layers that changed:
 * <ol>
 *   <li>{@code dependencies}: {@code lib/} ({@code lib/boot}, {@code lib/main}), about 45 MB that change with a
 *       dependency version only;</li>
 *   <li>{@code quarkus}: {@code quarkus/}, what Quarkus generated at build time;</li>
 *   <li>{@code application}: everything else: {@code app/} (the operator's classes), {@code quarkus-run.jar} and
 *       the dependency list.</li>
 * </ol>
 * Every file of the directory lands in exactly one layer. Jib gives the entries fixed timestamps and its default
 * permissions (files 644, directories 755, owned by root): readable by the image's non-root user, not writable.
 */
final class FastJarLayers {

    static final AbsoluteUnixPath APP_ROOT = AbsoluteUnixPath.get("/deployments");

    private FastJarLayers() {
    }

    static List<FileEntriesLayer> of(PackagedApp app) {
        FileEntriesLayer.Builder dependencies = FileEntriesLayer.builder().setName("dependencies");
        FileEntriesLayer.Builder generated = FileEntriesLayer.builder().setName("quarkus");
        FileEntriesLayer.Builder application = FileEntriesLayer.builder().setName("application");
        for (Path file : app.files()) {
            String top = file.getName(0).toString();
            FileEntriesLayer.Builder layer = switch (top) {
                case "lib" -> dependencies;
                case "quarkus" -> generated;
                default -> application;
            };
            layer.addEntry(app.directory().resolve(file), APP_ROOT.resolve(unixPath(file)));
        }
        return List.of(dependencies.build(), generated.build(), application.build());
    }

    private static String unixPath(Path relative) {
        return String.join("/", java.util.stream.StreamSupport.stream(relative.spliterator(), false)
                .map(Path::toString).toList());
    }
}

package io.dcbuild.operator.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicy;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildRun;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finishes the CRDs the Fabric8 generator (7.5) writes during the build, for what its annotations cannot say.
 * Quarkus Operator SDK calls it for each generated CRD ({@code quarkus.operator-sdk.crd.post-processor} in
 * application.properties), before the file is written to target/kubernetes/, so {@code make crds} and the CRD drift
 * test see the finished CRD. Nothing runs it at runtime (the generator is a provided dependency).
 * <ul>
 * <li>The description of the schema root, which {@code kubectl explain <kind>} prints: the generator describes
 * properties only, so it is taken from the {@link JsonClassDescription} of the custom resource class.
 * <li>The order of the printer columns of {@code kubectl get}: the generator sorts them by JSON path (Age, on
 * .metadata.creationTimestamp, would come first); here they follow the order of the
 * {@link AdditionalPrinterColumn} annotations on the class.
 * <li>No {@code priority: 0} on printer columns: the API server drops that default when it stores the CRD, so a
 * server-side apply of the file (Helm 4 installs a chart's crds/ that way) would never match what is stored and
 * conflict with whoever applied the CRD first.
 * </ul>
 */
public class CrdPresentation implements CRDPostProcessor {

    static final List<Class<? extends HasMetadata>> RESOURCES = List.of(DevContainerBuild.class, DevContainerBuildRun.class,
            DevContainerBuildPolicy.class);

    @Override
    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
        if (crd instanceof CustomResourceDefinition definition) {
            RESOURCES.stream()
                    .filter(type -> HasMetadata.getFullResourceName(type).equals(definition.getMetadata().getName()))
                    .findFirst()
                    .ifPresent(type -> finish(definition, type));
        }
        return crd;
    }

    private static void finish(CustomResourceDefinition crd, Class<?> type) {
        JsonClassDescription description = type.getAnnotation(JsonClassDescription.class);
        List<String> columnOrder = List.of(type.getAnnotationsByType(AdditionalPrinterColumn.class)).stream()
                .map(AdditionalPrinterColumn::name).toList();
        for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
            if (description != null && version.getSchema() != null
                    && version.getSchema().getOpenAPIV3Schema() != null) {
                version.getSchema().getOpenAPIV3Schema().setDescription(description.value());
            }
            if (version.getAdditionalPrinterColumns() != null) {
                List<CustomResourceColumnDefinition> columns = new ArrayList<>(version.getAdditionalPrinterColumns());
                // columns without an annotation (none today) keep their place after the declared ones
                columns.sort(Comparator.comparingInt(column -> position(columnOrder, column.getName())));
                columns.stream().filter(column -> Integer.valueOf(0).equals(column.getPriority()))
                        .forEach(column -> column.setPriority(null));
                version.setAdditionalPrinterColumns(columns);
            }
        }
    }

    private static int position(List<String> order, String name) {
        int index = order.indexOf(name);
        return index < 0 ? order.size() : index;
    }
}

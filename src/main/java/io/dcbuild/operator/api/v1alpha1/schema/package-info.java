/**
 * Schema-only twins of Kubernetes model types that the API classes use ({@code Condition}, {@code LabelSelector},
 * {@code ResourceRequirements}, {@code Toleration}). The Fabric8 model classes carry no property descriptions, so
 * the CRD generator would leave their fields undescribed in {@code kubectl explain}. The API fields keep their
 * Fabric8 types (and so their wire format) and name these classes with
 * {@link io.fabric8.crd.generator.annotation.SchemaFrom @SchemaFrom}: the generated schema is the same as the
 * Fabric8 type's, property for property, plus descriptions. Nothing reads or writes these classes at runtime.
 */
package io.dcbuild.operator.api.v1alpha1.schema;

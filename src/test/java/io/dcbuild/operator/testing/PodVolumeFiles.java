package io.dcbuild.operator.testing;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.util.FileUtils;

/**
 * The files of a container's ConfigMap volumes, written to host directories as a kubelet projects them (one file per
 * item, or per key when no items are listed), to be mounted read-only at each mount path. Other volume kinds are not
 * simulated: the operator's pods mount only a ConfigMap (the CA bundle).
 */
final class PodVolumeFiles implements AutoCloseable {

    private final Path directory;
    private final Map<Path, String> mounts = new LinkedHashMap<>();

    private PodVolumeFiles(Path directory) {
        this.directory = directory;
    }

    static PodVolumeFiles of(KubernetesClient client, Pod pod, Container container)
            throws IOException, ContainerConfigException {
        PodVolumeFiles files = new PodVolumeFiles(Files.createTempDirectory("pod-volumes-"));
        try {
            List<VolumeMount> volumeMounts = container.getVolumeMounts() == null ? List.of()
                    : container.getVolumeMounts();
            for (VolumeMount mount : volumeMounts) {
                Volume volume = pod.getSpec().getVolumes().stream()
                        .filter(v -> v.getName().equals(mount.getName())).findFirst()
                        .orElseThrow(() -> new ContainerConfigException("no volume " + mount.getName()));
                if (volume.getConfigMap() == null) {
                    throw new ContainerConfigException("volume " + mount.getName()
                            + ": only ConfigMap volumes are simulated");
                }
                Path target = Files.createDirectory(files.directory.resolve(mount.getName()));
                files.project(client, pod.getMetadata().getNamespace(), volume.getConfigMap(), target);
                files.mounts.put(target, mount.getMountPath());
            }
            return files;
        } catch (IOException | ContainerConfigException | RuntimeException e) {
            files.close();
            throw e;
        }
    }

    /** Host directory to mount path. */
    Map<Path, String> readOnlyMounts() {
        return Map.copyOf(mounts);
    }

    private void project(KubernetesClient client, String namespace, ConfigMapVolumeSource source, Path target)
            throws IOException, ContainerConfigException {
        ConfigMap configMap = client.configMaps().inNamespace(namespace).withName(source.getName()).get();
        if (configMap == null) {
            throw new ContainerConfigException("configmap \"" + source.getName() + "\" not found");
        }
        Map<String, String> data = configMap.getData() == null ? Map.of() : configMap.getData();
        List<KeyToPath> items = source.getItems() == null || source.getItems().isEmpty()
                ? data.keySet().stream().map(key -> new KeyToPath(key, null, key)).toList()
                : source.getItems();
        for (KeyToPath item : items) {
            String value = data.get(item.getKey());
            if (value == null) {
                throw new ContainerConfigException("configmap \"" + source.getName() + "\" has no key "
                        + item.getKey());
            }
            Path file = target.resolve(item.getPath()).normalize();
            if (!file.startsWith(target)) {
                throw new ContainerConfigException("item path " + item.getPath() + " leaves the volume");
            }
            Files.createDirectories(file.getParent());
            Files.writeString(file, value, StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() throws IOException {
        FileUtils.delete(directory.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING);
    }
}

package io.dcbuild.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * One SHA-256 over every regular file under a build context directory (the {@code .git} directory excluded):
 * relative path and content digest of each file, in path order. It stands in for kaniko's per-source file hashes
 * in the cache keys of {@code COPY}/{@code ADD} steps: any change of any file in the context changes the key.
 */
final class BuildContextDigest {

    private BuildContextDigest() {
    }

    static String of(Path contextDir) {
        if (!Files.isDirectory(contextDir)) {
            return Sha256Hex.of("");
        }
        MessageDigest digest = Sha256Hex.newDigest();
        try (Stream<Path> files = Files.walk(contextDir)) {
            List<Path> sorted = files
                    .filter(Files::isRegularFile)
                    .filter(path -> !contextDir.relativize(path).startsWith(".git"))
                    .sorted()
                    .toList();
            for (Path file : sorted) {
                String relative = contextDir.relativize(file).toString().replace('\\', '/');
                digest.update(relative.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(Sha256Hex.of(Files.readAllBytes(file)).getBytes(StandardCharsets.US_ASCII));
                digest.update((byte) '\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}

package io.dcbuild.operator.testing;

/**
 * One cached build step: its position (1-based), the instruction ({@code RUN apt-get ...}) and its cache key,
 * 64 lower-case hex characters, which is also the tag of its single-layer image in the cache repository.
 */
public record CacheStep(int number, String keyword, String instruction, String key) {
}

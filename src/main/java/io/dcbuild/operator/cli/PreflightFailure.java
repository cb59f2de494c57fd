package io.dcbuild.operator.cli;

/** Why a preflight stopped at a step: a git server that failed or refused, an unreadable definition, a bad policy. */
public record PreflightFailure(PreflightStep step, String message) {
}

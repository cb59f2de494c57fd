package io.dcbuild.operator.registry;

/** Outcome of {@code DELETE /v2/<name>/manifests/<digest>}. */
public enum DeleteResult {
    /** 202: the manifest and every tag pointing at it are gone. */
    DELETED,
    /** 404: nothing to delete (already deleted, or never there). */
    NOT_FOUND,
    /** 405, or 400 with error code {@code UNSUPPORTED}: the registry does not allow deletes. */
    UNSUPPORTED
}

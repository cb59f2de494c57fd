package io.dcbuild.operator.image;

/** Why the image could not be built or published, as one sentence for the person who ran {@code make image}. */
public final class ImageBuildException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ImageBuildException(String sentence) {
        super(sentence);
    }

    public ImageBuildException(String sentence, Throwable cause) {
        super(sentence, cause);
    }
}

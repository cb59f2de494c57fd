package io.dcbuild.operator.cli;

/**
 * The preflight cannot run as asked: bad arguments, unreadable or malformed input files. The message is one sentence
 * meant for the person who typed the command, and never holds a secret value.
 */
public class UsageException extends Exception {

    public UsageException(String message) {
        super(message);
    }
}

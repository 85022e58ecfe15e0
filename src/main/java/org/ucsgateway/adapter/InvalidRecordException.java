package org.ucsgateway.adapter;

/** A request record that can never be processed, whatever the number of attempts. */
public class InvalidRecordException extends RuntimeException {

    public InvalidRecordException(String message) {
        super(message);
    }

    public InvalidRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}

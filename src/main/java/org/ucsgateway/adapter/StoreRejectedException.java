package org.ucsgateway.adapter;

/**
 * The store rejected the operation of a record, for example a value longer than its column. The
 * adapter retries a few times, then sends the record to the dead-letter topic and the user an
 * error notification.
 */
public class StoreRejectedException extends RuntimeException {

    private final String errorMessage;

    public StoreRejectedException(String message, String errorMessage, Throwable cause) {
        super(message, cause);
        this.errorMessage = errorMessage;
    }

    /** Text for the errorMessage of the user's notification. */
    public String errorMessage() {
        return errorMessage;
    }
}

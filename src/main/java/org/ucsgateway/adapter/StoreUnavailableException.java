package org.ucsgateway.adapter;

/**
 * The store cannot be reached. The adapter retries the same record with backoff until the store
 * is back, commits nothing meanwhile, and never sends the record to the dead-letter topic.
 */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

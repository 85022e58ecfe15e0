package org.ucsgateway.adapter;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/** Sorts store errors into "store unreachable" (retry until back) and "operation rejected" (dead letter). */
final class StoreFailures {

    /** SQL state class of connection exceptions in the SQL standard, used by H2 and PostgreSQL. */
    private static final String CONNECTION_EXCEPTION_CLASS = "08";

    private StoreFailures() {
    }

    /**
     * Returns the exception to throw for a store error.
     *
     * @param operation the operation and its ids, for the log and the user's errorMessage
     */
    static RuntimeException classify(SQLException error, String operation) {
        String state = error.getSQLState();
        boolean unreachable = error instanceof SQLTransientConnectionException
                || error instanceof SQLNonTransientConnectionException
                || error instanceof SQLRecoverableException
                || state != null && state.startsWith(CONNECTION_EXCEPTION_CLASS);
        if (unreachable) {
            return new StoreUnavailableException("Store unreachable during " + operation + ": " + error.getMessage(), error);
        }
        return new StoreRejectedException("Store rejected " + operation + " (SQL state " + state + "): " + error.getMessage(),
                "UCS request failed: the store rejected " + operation + " (SQL state " + state + ")", error);
    }
}

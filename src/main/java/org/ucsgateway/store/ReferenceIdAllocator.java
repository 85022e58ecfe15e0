package org.ucsgateway.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Allocates referenceIds: positive integers of at most 2^53-1, so JavaScript clients read them
 * exactly. Ids come in blocks taken from the store's {@code reference_id_block} sequence, which
 * every gateway instance shares, so ids stay unique across instances and restarts. One store
 * round trip serves {@link #BLOCK_SIZE} ids. Ids of a block that a stopped instance did not
 * use are skipped, never reused.
 */
public final class ReferenceIdAllocator {

    public static final long MAX_REFERENCE_ID = (1L << 53) - 1;
    static final long BLOCK_SIZE = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(ReferenceIdAllocator.class);

    private final DataSource dataSource;
    private long next;
    private long blockEnd;

    public ReferenceIdAllocator(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Returns the next referenceId, taking a new block from the store when the current one is used up. */
    public synchronized long next() throws SQLException {
        if (next >= blockEnd) {
            long block = nextBlock();
            next = block * BLOCK_SIZE;
            blockEnd = next + BLOCK_SIZE;
            if (blockEnd - 1 > MAX_REFERENCE_ID) {
                throw new IllegalStateException("referenceId space exhausted: block " + block + " exceeds 2^53-1");
            }
            LOG.debug("referenceId block allocated block={} first={}", block, next);
        }
        return next++;
    }

    private long nextBlock() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            String sql = SqlDialect.of(connection).nextValue("reference_id_block");
            try (ResultSet rows = statement.executeQuery(sql)) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}

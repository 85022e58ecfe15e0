package org.ucsgateway.e2e;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.ucsgateway.support.TestGateway.Store;
import org.ucsgateway.support.TestPostgres;

/** The input round-trip tests on the PostgreSQL store. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InputRoundTripPostgresIT extends InputRoundTripIT {

    @Override
    Store store() {
        return Store.POSTGRESQL;
    }

    @BeforeAll
    @Override
    void startGateway() throws Exception {
        Assumptions.assumeTrue(TestPostgres.server().isPresent(),
                "no PostgreSQL: set UCS_TEST_POSTGRES_URL or run Docker");
        super.startGateway();
    }
}

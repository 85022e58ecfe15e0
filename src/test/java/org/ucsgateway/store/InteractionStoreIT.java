package org.ucsgateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ucsgateway.support.TestGateway.Store;
import org.ucsgateway.support.TestPostgres;

/** The store's find-or-create and referenceId allocation on H2 and on PostgreSQL. */
class InteractionStoreIT {

    @ParameterizedTest
    @EnumSource(Store.class)
    void concurrentRequestsForOneCallCreateOneInteraction(Store kind) throws Exception {
        try (HikariDataSource dataSource = open(kind)) {
            InteractionStore store = new InteractionStore(dataSource);
            PhoneCall call = call("concurrent-call");
            ExecutorService pool = Executors.newFixedThreadPool(20);
            try {
                List<Callable<FindResult>> tasks = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    long referenceId = 5000 + i;
                    tasks.add(() -> store.findOrCreatePhoneCall("cc1", call, referenceId));
                }
                List<FindResult> results = new ArrayList<>();
                for (Future<FindResult> future : pool.invokeAll(tasks)) {
                    results.add(future.get());
                }

                assertEquals(1, results.stream().filter(FindResult::created).count());
                assertEquals(1, results.stream().map(FindResult::interactionId).distinct().count());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void redeliveredRequestStillReportsCreated(Store kind) throws Exception {
        try (HikariDataSource dataSource = open(kind)) {
            InteractionStore store = new InteractionStore(dataSource);
            FindResult first = store.findOrCreatePhoneCall("cc1", call("redelivered"), 77);
            FindResult again = store.findOrCreatePhoneCall("cc1", call("redelivered"), 77);
            FindResult other = store.findOrCreatePhoneCall("cc1", call("redelivered"), 78);

            assertTrue(first.created());
            assertTrue(again.created());
            assertEquals(first.interactionId(), again.interactionId());
            assertEquals(false, other.created());
        }
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void sameCallIdInTwoContactCentersGivesTwoInteractions(Store kind) throws Exception {
        try (HikariDataSource dataSource = open(kind)) {
            InteractionStore store = new InteractionStore(dataSource);
            FindResult first = store.findOrCreatePhoneCall("cc1", call("shared-call"), 1);
            FindResult second = store.findOrCreatePhoneCall("cc2", call("shared-call"), 2);

            assertTrue(first.created());
            assertTrue(second.created());
            assertNotEquals(first.interactionId(), second.interactionId());
            assertTrue(store.findById("cc2", first.interactionId()).isEmpty());
        }
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void userDataRoundTripsUnchanged(Store kind) throws Exception {
        try (HikariDataSource dataSource = open(kind)) {
            InteractionStore store = new InteractionStore(dataSource);
            String userData = "{\"emoji\":\"\\ud83d\\ude00 \u00e9\",\"n\":1.5,\"nested\":{\"a\":[true,null]}}";
            PhoneCall call = new PhoneCall("user-data", "New", "555", "Inbound", null, null, null, null, userData);
            FindResult result = store.findOrCreatePhoneCall("cc1", call, 9);

            assertEquals(userData, store.findById("cc1", result.interactionId()).orElseThrow().get("userData"));
        }
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void twoAllocatorsNeverShareReferenceId(Store kind) throws Exception {
        try (HikariDataSource dataSource = open(kind)) {
            ReferenceIdAllocator first = new ReferenceIdAllocator(dataSource);
            ReferenceIdAllocator second = new ReferenceIdAllocator(dataSource);
            Set<Long> seen = new HashSet<>();
            for (int i = 0; i < 2500; i++) {
                long a = first.next();
                long b = second.next();
                assertTrue(a > 0, "referenceId " + a);
                assertTrue(a <= ReferenceIdAllocator.MAX_REFERENCE_ID, "referenceId " + a);
                assertTrue(seen.add(a), "duplicate " + a);
                assertTrue(seen.add(b), "duplicate " + b);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void redeliveredIdentifyCreatesOneContact(Store kind) throws Exception {
        try (HikariDataSource dataSource = open(kind)) {
            ContactStore contacts = new ContactStore(dataSource);
            ContactQuery query = new ContactQuery("+15550199", null, "Doe", java.util.Map.of("tier", "gold"));

            IdentifyResult first = contacts.identify("cc1", query, true, 41);
            IdentifyResult again = contacts.identify("cc1", query, true, 41);
            IdentifyResult later = contacts.identify("cc1", query, true, 42);
            IdentifyResult otherCenter = contacts.identify("cc2", query, false, 43);

            assertTrue(first.created());
            assertEquals(first.contactId(), again.contactId());
            assertEquals(first.contactId(), later.contactId());
            assertEquals(false, later.created());
            assertEquals(null, otherCenter.contactId());
            assertEquals(0, otherCenter.matches());
        }
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void completionMergesUserDataAndIsScoped(Store kind) throws Exception {
        try (HikariDataSource dataSource = open(kind)) {
            InteractionStore store = new InteractionStore(dataSource);
            PhoneCall call = new PhoneCall("completed", "InProcess", "555", "Inbound", null, null, null, null,
                    "{\"a\":\"1\",\"b\":\"2\"}");
            String id = store.findOrCreatePhoneCall("cc1", call, 3).interactionId();

            assertEquals(false, store.complete("cc2", id, 30, "{}"));
            assertTrue(store.complete("cc1", id, 30, "{\"b\":\"3\",\"c\":4}"));

            var row = store.findById("cc1", id).orElseThrow();
            assertEquals("Stopped", row.get("status"));
            assertEquals(30, ((Number) row.get("callDuration")).intValue());
            assertEquals("{\"a\":\"1\",\"b\":\"3\",\"c\":4}", row.get("userData"));
        }
    }

    private static PhoneCall call(String callId) {
        return new PhoneCall(callId, "InProcess", "1231231231", "Inbound", null, null, null, null, "{}");
    }

    private static HikariDataSource open(Store kind) throws Exception {
        if (kind == Store.POSTGRESQL) {
            TestPostgres.Server server = TestPostgres.server().orElse(null);
            Assumptions.assumeTrue(server != null, "no PostgreSQL: set UCS_TEST_POSTGRES_URL or run Docker");
            return StoreDataSource.open(server.url(), server.user(), server.password(),
                    TestPostgres.newSchema(server), 20);
        }
        String url = "jdbc:h2:file:" + Files.createTempDirectory("ucs-store-test").resolve("ucs")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        return StoreDataSource.open(url, "", "", "", 20);
    }
}

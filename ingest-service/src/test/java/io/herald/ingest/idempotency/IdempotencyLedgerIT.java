package io.herald.ingest.idempotency;

import static io.herald.ingest.TestChannels.request;
import static io.herald.ingest.TestChannels.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herald.ingest.AvroEncoding;
import io.herald.ingest.IngestProperties;
import io.herald.ingest.TestChannels;
import io.herald.ingest.intake.IntakeOutcome;
import io.herald.ingest.intake.IntakeRequest;
import io.herald.ingest.intake.IntakeService;
import io.herald.ingest.intake.RequestFingerprint;
import io.herald.ingest.intake.RequestValidator;
import io.herald.ingest.publish.OutcomePublisher;
import io.herald.ingest.publish.PublishException;
import io.herald.schema.AcceptedNotification;
import io.herald.schema.RejectedNotification;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

/**
 * The idempotency ledger and the accept transaction on a real PostgreSQL 17 (embedded), migrated by the service's
 * own Flyway scripts. Only the Kafka side is replaced, by a publisher that records what it was given (the broker
 * path is covered end to end by PipelineIT).
 */
class IdempotencyLedgerIT {

    /** Defaults, but statements may wait long: the concurrency tests hold row locks on purpose. */
    private static final IngestProperties PROPERTIES = new IngestProperties(
            Duration.ofDays(7),
            Duration.ofHours(1),
            Duration.ofSeconds(1),
            Duration.ofSeconds(30),
            DataSize.ofMegabytes(1),
            8,
            2,
            DataSize.ofBytes(1_000_000),
            Duration.ofSeconds(2),
            Duration.ofSeconds(60));

    private static EmbeddedPostgres postgres;
    private static DataSource dataSource;

    private final FakePublisher publisher = new FakePublisher();
    private MutableClock clock;
    private IdempotencyLedger ledger;
    private IntakeService intake;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        dataSource = postgres.getPostgresDatabase();
        Flyway.configure()
                .dataSource(dataSource)
                .schemas("ingest")
                .defaultSchema("ingest")
                .load()
                .migrate();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    @BeforeEach
    void setUp() {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        jdbc.sql("TRUNCATE ingest.idempotency_key").update();
        clock = new MutableClock(Instant.parse("2025-03-01T00:00:00Z"));
        ledger = new IdempotencyLedger(dataSource, clock);
        intake = new IntakeService(
                new RequestValidator(TestChannels.directory()),
                ledger,
                publisher,
                new JdbcTransactionManager(dataSource),
                clock,
                PROPERTIES);
    }

    @Test
    void runsOnPostgres17() {
        String version = JdbcClient.create(dataSource)
                .sql("SHOW server_version")
                .query(String.class)
                .single();
        assertThat(version).startsWith("17.");
    }

    @Test
    void duplicateReturnsTheOriginalIdAndPublishesNothing() {
        IntakeOutcome first = intake.submit(request("demo-dingtalk", text("disk full"), null, "key-1"));
        IntakeOutcome second = intake.submit(request("demo-dingtalk", text("disk full"), null, "key-1"));

        assertThat(first).isInstanceOf(IntakeOutcome.Accepted.class);
        assertThat(second).isEqualTo(new IntakeOutcome.Duplicate(first.notificationId()));
        assertThat(publisher.accepted).hasSize(1);
        assertThat(publisher.accepted.getFirst().getNotificationId()).isEqualTo(first.notificationId());
        assertThat(publisher.accepted.getFirst().getIdempotencyKey()).isEqualTo("key-1");
        assertThat(publisher.accepted.getFirst().getProvider()).isEqualTo("dingtalk");
    }

    @Test
    void callerNotificationIdIsTheKeyWhenThereIsNoIdempotencyKey() {
        IntakeOutcome first = intake.submit(request("demo-dingtalk", text("a"), "order-7", null));
        IntakeOutcome second = intake.submit(request("demo-dingtalk", text("a"), "order-7", null));

        assertThat(first).isEqualTo(new IntakeOutcome.Accepted("order-7"));
        assertThat(second).isEqualTo(new IntakeOutcome.Duplicate("order-7"));
        assertThat(publisher.accepted).hasSize(1);
    }

    @Test
    void requestsWithoutKeyOrIdAreNeverDuplicates() {
        IntakeOutcome first = intake.submit(request("demo-dingtalk", text("a"), null, null));
        IntakeOutcome second = intake.submit(request("demo-dingtalk", text("a"), null, null));

        assertThat(first).isInstanceOf(IntakeOutcome.Accepted.class);
        assertThat(second).isInstanceOf(IntakeOutcome.Accepted.class);
        assertThat(second.notificationId()).isNotEqualTo(first.notificationId());
        assertThat(publisher.accepted).hasSize(2);
        assertThat(rows()).isZero();
    }

    @Test
    void invalidRequestIsRejectedAndTakesNoKey() {
        IntakeOutcome outcome = intake.submit(request("no-such-channel", text("a"), null, "key-2"));

        assertThat(outcome).isInstanceOf(IntakeOutcome.Rejected.class);
        assertThat(publisher.rejected).hasSize(1);
        assertThat(publisher.rejected.getFirst().getViolations().getFirst().getCode())
                .isEqualTo("unknown_channel");
        assertThat(publisher.rejected.getFirst().getRequest().getChannel()).isEqualTo("no-such-channel");
        assertThat(rows()).isZero();
    }

    @Test
    void rejectionKeepsAWellFormedCallerIdAndReplacesAMalformedOne() {
        IntakeOutcome kept = intake.submit(request("no-such-channel", text("a"), "order-8", null));
        IntakeOutcome replaced = intake.submit(request("no-such-channel", text("a"), "bad id", null));

        assertThat(kept.notificationId()).isEqualTo("order-8");
        assertThat(replaced.notificationId()).isNotEqualTo("bad id").hasSize(36);
        assertThat(publisher.rejected)
                .extracting(RejectedNotification::getNotificationId)
                .containsExactly("order-8", replaced.notificationId());
        assertThat(publisher.rejected.get(1).getRequest().getNotificationId()).isEqualTo("bad id");
    }

    @Test
    void oversizedRequestIsRejectedWithoutItsContent() {
        IntakeOutcome outcome = intake.submit(request("demo-dingtalk", text("x".repeat(300_000)), null, null));

        assertThat(outcome).isInstanceOf(IntakeOutcome.Rejected.class);
        RejectedNotification rejected = publisher.rejected.getFirst();
        assertThat(rejected.getViolations().getFirst().getCode()).isEqualTo("too_large");
        assertThat(rejected.getRequest()).isNull();
        assertThat(rejected.getChannel()).isEqualTo("demo-dingtalk");
    }

    @Test
    void kafkaFailureRollsBackAndLeavesTheKeyFree() {
        publisher.failuresToCome.set(1);

        assertThatThrownBy(() -> intake.submit(request("demo-dingtalk", text("a"), null, "key-3")))
                .isInstanceOf(PublishException.class);
        assertThat(rows()).isZero();

        IntakeOutcome retry = intake.submit(request("demo-dingtalk", text("a"), null, "key-3"));
        assertThat(retry).isInstanceOf(IntakeOutcome.Accepted.class);
        assertThat(publisher.accepted).hasSize(1);
        assertThat(rows()).isOne();
    }

    @Test
    void concurrentRequestsWithTheSameKeyYieldOneAcceptance() throws Exception {
        int callers = 8;
        publisher.gate = new CountDownLatch(1); // holds the first publisher inside its transaction
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<IntakeOutcome>> outcomes = new java.util.ArrayList<>();
            for (int i = 0; i < callers; i++) {
                outcomes.add(pool.submit(() -> intake.submit(request("demo-dingtalk", text("once"), null, "key-4"))));
            }
            // the winner is publishing; the others wait in PostgreSQL on its uncommitted row
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> publisher.entered.get() == 1 && blockedInserts() == callers - 1);
            publisher.gate.countDown();

            List<IntakeOutcome> results = new java.util.ArrayList<>();
            for (Future<IntakeOutcome> outcome : outcomes) {
                results.add(outcome.get(20, TimeUnit.SECONDS));
            }
            List<IntakeOutcome> accepted = results.stream()
                    .filter(IntakeOutcome.Accepted.class::isInstance)
                    .toList();
            assertThat(accepted).hasSize(1);
            String winner = accepted.getFirst().notificationId();
            assertThat(results)
                    .filteredOn(IntakeOutcome.Duplicate.class::isInstance)
                    .hasSize(callers - 1)
                    .allSatisfy(
                            duplicate -> assertThat(duplicate.notificationId()).isEqualTo(winner));
            assertThat(publisher.accepted)
                    .extracting(AcceptedNotification::getNotificationId)
                    .containsExactly(winner);
        } finally {
            publisher.gate.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentRequestsGetTheKeyWhenTheFirstPublishFails() throws Exception {
        publisher.gate = new CountDownLatch(1);
        publisher.failuresToCome.set(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<IntakeOutcome> first =
                    pool.submit(() -> intake.submit(request("demo-dingtalk", text("x"), null, "key-5")));
            await().atMost(Duration.ofSeconds(20)).until(() -> publisher.entered.get() == 1);
            Future<IntakeOutcome> second =
                    pool.submit(() -> intake.submit(request("demo-dingtalk", text("x"), null, "key-5")));
            await().atMost(Duration.ofSeconds(20)).until(() -> blockedInserts() == 1);
            publisher.gate.countDown();

            assertThatThrownBy(() -> first.get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(PublishException.class);
            assertThat(second.get(20, TimeUnit.SECONDS)).isInstanceOf(IntakeOutcome.Accepted.class);
            assertThat(publisher.accepted).hasSize(1);
        } finally {
            publisher.gate.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void aPollTakesEachKeyOnceAcrossAndWithinPolls() {
        intake.submit(request("demo-dingtalk", text("earlier"), null, "key-a"));
        publisher.accepted.clear();

        intake.submitAll(List.of(
                request("demo-dingtalk", text("earlier"), null, "key-a"), // taken by an earlier notification
                request("demo-dingtalk", text("2"), null, "key-b"),
                request("demo-dingtalk", text("2"), null, "key-b"), // repeat within the poll
                request("demo-dingtalk", text("4"), "order-9", null),
                request("demo-dingtalk", text("4"), "order-9", null),
                request("demo-dingtalk", text("6"), null, null),
                request("no-such-channel", text("7"), null, "key-c")));

        assertThat(publisher.accepted)
                .extracting(n -> ((io.herald.schema.ChatMessage) n.getContent()).getText())
                .containsExactly("2", "4", "6");
        assertThat(publisher.rejected).hasSize(1);
        assertThat(rows()).isEqualTo(3); // key-a, key-b, order-9; a rejection takes no key
        assertThat(intake.submit(request("demo-dingtalk", text("2"), null, "key-b")))
                .isEqualTo(new IntakeOutcome.Duplicate(
                        publisher.accepted.getFirst().getNotificationId()));
    }

    @Test
    void aPollThatFailsAtARequestKeepsTheKeysBeforeItAndFreesTheRest() {
        publisher.failFor = "n-2";

        assertThatThrownBy(() -> intake.submitAll(List.of(
                        request("demo-dingtalk", text("0"), "n-0", "key-0"),
                        request("demo-dingtalk", text("1"), "n-1", "key-1"),
                        request("demo-dingtalk", text("2"), "n-2", "key-2"),
                        request("demo-dingtalk", text("3"), "n-3", "key-3"))))
                .isInstanceOfSatisfying(
                        org.springframework.kafka.listener.BatchListenerFailedException.class,
                        e -> assertThat(e.getIndex()).isEqualTo(2))
                .hasCauseInstanceOf(PublishException.class);
        assertThat(JdbcClient.create(dataSource)
                        .sql("SELECT key FROM ingest.idempotency_key ORDER BY key")
                        .query(String.class)
                        .list())
                .containsExactly("key-0", "key-1");

        publisher.failFor = null;
        intake.submitAll(List.of(
                request("demo-dingtalk", text("2"), "n-2", "key-2"),
                request("demo-dingtalk", text("3"), "n-3", "key-3")));
        assertThat(publisher.accepted)
                .extracting(AcceptedNotification::getNotificationId)
                .containsExactly("n-0", "n-1", "n-2", "n-3");
    }

    @Test
    void purgeForgetsKeysPastTheRetention() {
        IdempotencyPurger purger = new IdempotencyPurger(ledger, clock, PROPERTIES);
        intake.submit(request("demo-dingtalk", text("old"), null, "old-key"));
        clock.advance(Duration.ofDays(6));
        intake.submit(request("demo-dingtalk", text("recent"), null, "recent-key"));
        clock.advance(Duration.ofDays(1).plusSeconds(1));

        assertThat(purger.purge()).isOne();

        assertThat(intake.submit(request("demo-dingtalk", text("old"), null, "old-key")))
                .isInstanceOf(IntakeOutcome.Accepted.class);
        assertThat(intake.submit(request("demo-dingtalk", text("recent"), null, "recent-key")))
                .isInstanceOf(IntakeOutcome.Duplicate.class);
    }

    @Test
    void sameKeyWithADifferentRequestIsAConflictAndPublishesNothing() {
        IntakeOutcome first = intake.submit(request("demo-dingtalk", text("deploy 1 finished"), null, "key-c1"));
        IntakeOutcome second = intake.submit(request("demo-dingtalk", text("deploy 2 finished"), null, "key-c1"));
        IntakeOutcome repeat = intake.submit(request("demo-dingtalk", text("deploy 1 finished"), null, "key-c1"));

        assertThat(second).isEqualTo(new IntakeOutcome.Conflict(first.notificationId(), "key-c1", "idempotencyKey"));
        assertThat(repeat).isEqualTo(new IntakeOutcome.Duplicate(first.notificationId()));
        assertThat(publisher.accepted)
                .extracting(AcceptedNotification::getNotificationId)
                .containsExactly(first.notificationId());
        assertThat(publisher.rejected).isEmpty();
    }

    @Test
    void theKeyKeepsTheFingerprintOfTheRequestThatTookIt() {
        var request = request("demo-dingtalk", text("disk full"), null, "key-f1");
        intake.submit(request);

        assertThat(JdbcClient.create(dataSource)
                        .sql("SELECT request_fingerprint FROM ingest.idempotency_key WHERE key = 'key-f1'")
                        .query(String.class)
                        .single())
                .isEqualTo(io.herald.ingest.intake.RequestFingerprint.of(request));
    }

    @Test
    void keysTakenBeforeFingerprintsWereKeptHoldNothingOnceKeysHaveScopes() {
        // a row of before V2 (no fingerprint) and V3 (no scope): no request can be told to be its repeat
        JdbcClient.create(dataSource).sql("""
                        INSERT INTO ingest.idempotency_key (key, notification_id, channel, created_at)
                        VALUES ('key-old', 'n-old', 'demo-dingtalk', now())
                        """).update();

        IntakeOutcome overHttp = intake.submit(request("demo-dingtalk", text("anything"), null, "key-old"));
        intake.submitAll(List.of(request("demo-dingtalk", text("anything"), null, "key-old")));

        assertThat(overHttp).isInstanceOf(IntakeOutcome.Accepted.class);
        assertThat(overHttp.notificationId()).isNotEqualTo("n-old");
        assertThat(publisher.accepted).hasSize(1); // the poll's repeat is a duplicate of the new row, not of n-old
        assertThat(publisher.rejected).isEmpty();
    }

    @Test
    void aPollRejectsAKeyReusedForADifferentRequestNamingTheConflict() {
        IntakeOutcome earlier = intake.submit(request("demo-dingtalk", text("earlier"), null, "key-p"));
        publisher.accepted.clear();

        intake.submitAll(List.of(
                request("demo-dingtalk", text("different"), null, "key-p"), // ledgered for another request
                request("demo-dingtalk", text("earlier"), null, "key-p"), // the same request: a duplicate
                request("demo-dingtalk", text("a"), null, "key-q"),
                request("demo-dingtalk", text("b"), null, "key-q"), // taken earlier in the poll by another request
                request("demo-dingtalk", text("c"), "order-c", null),
                request("demo-dingtalk", text("d"), "order-c", null))); // the caller's id as key, reused

        assertThat(publisher.accepted)
                .extracting(n -> ((io.herald.schema.ChatMessage) n.getContent()).getText())
                .containsExactly("a", "c");
        assertThat(publisher.rejected).hasSize(3).allSatisfy(rejected -> {
            assertThat(rejected.getViolations())
                    .singleElement()
                    .satisfies(v -> assertThat(v.getCode()).isEqualTo("idempotency_key_conflict"));
            assertThat(rejected.getRequest()).isNotNull();
        });
        RejectedNotification first = publisher.rejected.getFirst();
        assertThat(first.getViolations().getFirst().getField()).isEqualTo("idempotencyKey");
        assertThat(first.getViolations().getFirst().getMessage())
                .contains("'key-p'", earlier.notificationId(), "different request");
        assertThat(first.getNotificationId()).isNotEqualTo(earlier.notificationId());
        RejectedNotification byId = publisher.rejected.get(2);
        assertThat(byId.getViolations().getFirst().getField()).isEqualTo("notificationId");
        assertThat(byId.getNotificationId()).isNotEqualTo("order-c"); // the accepted notification keeps its own id
        assertThat(byId.getRequest().getNotificationId()).isEqualTo("order-c");
    }

    @Test
    void notificationLargerThanItsTopicTakesIsRejectedNamingTheLimitAndTakesNoKey() {
        var huge = new io.herald.ingest.intake.IntakeRequest(
                io.herald.schema.Source.HTTP,
                null,
                "key-big",
                "demo-dingtalk",
                "t1",
                java.util.Map.of("blob", "x".repeat(1_100_000)),
                text("hi"),
                null,
                null,
                List.of());

        IntakeOutcome overHttp = intake.submit(huge);
        intake.submitAll(List.of(huge));

        assertThat(overHttp).isInstanceOfSatisfying(IntakeOutcome.Rejected.class, rejected -> {
            assertThat(rejected.tooLargeForTopic()).isTrue();
            assertThat(rejected.violations()).singleElement().satisfies(v -> {
                assertThat(v.field()).isEqualTo("request");
                assertThat(v.code()).isEqualTo("too_large");
                assertThat(v.message()).contains("1100", "at most 1000000", "herald.ingest.max-record-size");
            });
        });
        assertThat(publisher.accepted).isEmpty();
        assertThat(publisher.rejected).hasSize(2).allSatisfy(rejected -> {
            assertThat(rejected.getRequest()).isNull(); // it would not fit herald.rejected either
            assertThat(io.herald.ingest.publish.RecordSize.of(rejected)).isLessThan(1_000_000);
        });
        assertThat(rows()).isZero();
    }

    @Test
    void theSameIdempotencyKeyFromTwoTenantsIsTwoNotificationsAndNeitherSeesTheOthersId() {
        IntakeOutcome acme = intake.submit(ofTenant("acme", "deploy finished", null, "deploy-42"));
        IntakeOutcome beta = intake.submit(ofTenant("beta", "deploy finished", null, "deploy-42"));
        IntakeOutcome betaChanged = intake.submit(ofTenant("beta", "deploy failed", null, "deploy-42"));
        IntakeOutcome acmeAgain = intake.submit(ofTenant("acme", "deploy finished", null, "deploy-42"));

        assertThat(acme).isInstanceOf(IntakeOutcome.Accepted.class);
        assertThat(beta).isInstanceOf(IntakeOutcome.Accepted.class);
        assertThat(beta.notificationId()).isNotEqualTo(acme.notificationId());
        // a conflict names the tenant's own notification, never the other tenant's
        assertThat(betaChanged)
                .isEqualTo(new IntakeOutcome.Conflict(beta.notificationId(), "deploy-42", "idempotencyKey"));
        assertThat(acmeAgain).isEqualTo(new IntakeOutcome.Duplicate(acme.notificationId()));
        assertThat(publisher.accepted)
                .extracting(AcceptedNotification::getTenant)
                .containsExactly("acme", "beta");
        assertThat(scopes("deploy-42")).containsExactly("acme", "beta");
    }

    @Test
    void aPollScopesIdempotencyKeysByTenant() {
        IntakeOutcome acme = intake.submit(ofTenant("acme", "earlier", null, "key-t"));
        publisher.accepted.clear();

        intake.submitAll(List.of(
                ofTenant("acme", "earlier", null, "key-t"), // acme's repeat: a duplicate
                ofTenant("beta", "earlier", null, "key-t"), // beta's own key
                ofTenant("beta", "earlier", null, "key-t"), // beta's repeat within the poll
                ofTenant("beta", "later", null, "key-t"), // beta's key for another request: beta's conflict
                ofTenant(null, "earlier", null, "key-t"))); // without tenant: a scope of its own

        assertThat(publisher.accepted)
                .extracting(AcceptedNotification::getTenant)
                .containsExactly("beta", null);
        String betaId = publisher.accepted.getFirst().getNotificationId();
        assertThat(publisher.rejected).singleElement().satisfies(rejected -> {
            assertThat(rejected.getTenant()).isEqualTo("beta");
            assertThat(rejected.getViolations().getFirst().getMessage())
                    .contains(betaId)
                    .doesNotContain(acme.notificationId());
        });
        assertThat(scopes("key-t")).containsExactly("", "acme", "beta");
    }

    @Test
    void aPollThatFailsGivesBackItsOwnTenantsKeyAndNoOtherTenants() {
        intake.submit(ofTenant("acme", "x", "n-acme", "key-r"));
        publisher.failFor = "n-beta";

        assertThatThrownBy(() -> intake.submitAll(List.of(ofTenant("beta", "x", "n-beta", "key-r"))))
                .isInstanceOf(org.springframework.kafka.listener.BatchListenerFailedException.class);

        assertThat(scopes("key-r")).containsExactly("acme");
        assertThat(intake.submit(ofTenant("acme", "x", "n-acme", "key-r")))
                .isEqualTo(new IntakeOutcome.Duplicate("n-acme"));
    }

    @Test
    void aCallerNotificationIdIsOneKeyForEveryTenant() {
        IntakeOutcome acme = intake.submit(ofTenant("acme", "x", "order-7", null));
        IntakeOutcome beta = intake.submit(ofTenant("beta", "x", "order-7", null));

        assertThat(acme).isEqualTo(new IntakeOutcome.Accepted("order-7"));
        // one notification id names one notification in the pipeline; the answer names only the id beta chose itself
        assertThat(beta).isEqualTo(new IntakeOutcome.Conflict("order-7", "order-7", "notificationId"));
        assertThat(publisher.accepted).hasSize(1);
    }

    @Test
    void keysTakenBeforeScopesAnswerARepeatOfTheirOwnRequestAndNothingElse() {
        IntakeRequest acme = ofTenant("acme", "deploy", null, "key-v2");
        JdbcClient.create(dataSource)
                .sql("""
                        INSERT INTO ingest.idempotency_key (key, notification_id, channel, created_at, request_fingerprint)
                        VALUES ('key-v2', 'n-v2', 'demo-dingtalk', now(), :fingerprint)
                        """)
                .param("fingerprint", RequestFingerprint.of(acme))
                .update();

        assertThat(intake.submit(acme)).isEqualTo(new IntakeOutcome.Duplicate("n-v2"));
        intake.submitAll(List.of(acme));
        assertThat(publisher.accepted).isEmpty();

        IntakeOutcome beta = intake.submit(ofTenant("beta", "deploy", null, "key-v2"));
        assertThat(beta).isInstanceOf(IntakeOutcome.Accepted.class); // not a conflict showing n-v2
        assertThat(beta.notificationId()).isNotEqualTo("n-v2");
    }

    @Test
    void rowsTakenBeforeTheUpgradeKeepAnsweringTheirRepeats() {
        // a ledger at V2 with a row taken then, migrated to the current schema as an upgraded ingest does at start
        JdbcClient.create(dataSource).sql("CREATE DATABASE upgrade").update();
        DataSource upgrade = postgres.getDatabase("postgres", "upgrade");
        Flyway.configure()
                .dataSource(upgrade)
                .schemas("ingest")
                .defaultSchema("ingest")
                .target("2")
                .load()
                .migrate();
        IntakeRequest acme = ofTenant("acme", "deploy 7 finished", null, "deploy-7");
        JdbcClient.create(upgrade)
                .sql("""
                        INSERT INTO ingest.idempotency_key (key, notification_id, channel, created_at, request_fingerprint)
                        VALUES ('deploy-7', 'n-before', 'demo-dingtalk', now(), :fingerprint)
                        """)
                .param("fingerprint", RequestFingerprint.of(acme))
                .update();

        Flyway.configure()
                .dataSource(upgrade)
                .schemas("ingest")
                .defaultSchema("ingest")
                .load()
                .migrate();
        IntakeService upgraded = new IntakeService(
                new RequestValidator(TestChannels.directory()),
                new IdempotencyLedger(upgrade, clock),
                publisher,
                new JdbcTransactionManager(upgrade),
                clock,
                PROPERTIES);

        assertThat(upgraded.submit(acme)).isEqualTo(new IntakeOutcome.Duplicate("n-before"));
        assertThat(upgraded.submit(ofTenant("beta", "deploy 7 finished", null, "deploy-7")))
                .isInstanceOf(IntakeOutcome.Accepted.class);
        assertThat(publisher.accepted)
                .extracting(AcceptedNotification::getTenant)
                .containsExactly("beta");
    }

    @Test
    void purgeDeletesOnlyTheOldRowOfAKeyTwoTenantsUse() {
        IdempotencyPurger purger = new IdempotencyPurger(ledger, clock, PROPERTIES);
        intake.submit(ofTenant("acme", "x", null, "shared-key"));
        clock.advance(Duration.ofDays(6));
        IntakeOutcome beta = intake.submit(ofTenant("beta", "x", null, "shared-key"));
        clock.advance(Duration.ofDays(1).plusSeconds(1));

        assertThat(purger.purge()).isOne();

        assertThat(scopes("shared-key")).containsExactly("beta");
        assertThat(intake.submit(ofTenant("beta", "x", null, "shared-key")))
                .isEqualTo(new IntakeOutcome.Duplicate(beta.notificationId()));
    }

    @Test
    void limitWaitsBoundsEachStatementOfTheTransaction() throws Exception {
        JdbcTransactionManager transactions = new JdbcTransactionManager(dataSource);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService holder = Executors.newSingleThreadExecutor();
        try {
            // another transaction holds key-w uncommitted, like a request waiting for its broker acknowledgement
            holder.submit(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
                ledger.claim(IdempotencyLedger.Key.idempotencyKey("t1", "key-w"), "n-holder", "demo-dingtalk", "f");
                held.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            assertThat(held.await(20, TimeUnit.SECONDS)).isTrue();

            long started = System.nanoTime();
            assertThatThrownBy(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
                        ledger.limitWaits(Duration.ofMillis(500));
                        ledger.claim(
                                IdempotencyLedger.Key.idempotencyKey("t1", "key-w"), "n-waiter", "demo-dingtalk", "f");
                    }))
                    .isInstanceOf(DataAccessException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isBetween(Duration.ofMillis(400), Duration.ofSeconds(5));
        } finally {
            release.countDown();
            holder.shutdown();
        }
    }

    /** A valid request for demo-dingtalk of {@code tenant} (null: none). */
    private static IntakeRequest ofTenant(String tenant, String text, String notificationId, String idempotencyKey) {
        return new IntakeRequest(
                io.herald.schema.Source.HTTP,
                notificationId,
                idempotencyKey,
                "demo-dingtalk",
                tenant,
                java.util.Map.of(),
                text(text),
                null,
                null,
                List.of());
    }

    /** The scopes the ledger holds {@code key} in, sorted. */
    private static List<String> scopes(String key) {
        return JdbcClient.create(dataSource)
                .sql("SELECT scope FROM ingest.idempotency_key WHERE key = :key ORDER BY scope")
                .param("key", key)
                .query(String.class)
                .list();
    }

    private static long rows() {
        return JdbcClient.create(dataSource)
                .sql("SELECT count(*) FROM ingest.idempotency_key")
                .query(Long.class)
                .single();
    }

    /** Sessions waiting for a lock while inserting into the ledger. */
    private static long blockedInserts() {
        return JdbcClient.create(dataSource).sql("""
                        SELECT count(*) FROM pg_stat_activity
                        WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO ingest.idempotency_key%'
                        """).query(Long.class).single();
    }

    private static final class FakePublisher implements OutcomePublisher {
        final List<AcceptedNotification> accepted = new CopyOnWriteArrayList<>();
        final List<RejectedNotification> rejected = new CopyOnWriteArrayList<>();
        final AtomicInteger failuresToCome = new AtomicInteger();
        final AtomicInteger entered = new AtomicInteger();
        volatile String failFor;
        volatile CountDownLatch gate = new CountDownLatch(0);

        @Override
        public void publishAccepted(AcceptedNotification notification) {
            entered.incrementAndGet();
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failuresToCome.getAndDecrement() > 0
                    || notification.getNotificationId().equals(failFor)) {
                throw new PublishException("broker unavailable", null);
            }
            AvroEncoding.encode(notification);
            accepted.add(notification);
        }

        @Override
        public void publishRejected(RejectedNotification notification) {
            AvroEncoding.encode(notification);
            rejected.add(notification);
        }
    }

    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}

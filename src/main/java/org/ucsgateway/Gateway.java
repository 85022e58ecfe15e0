package org.ucsgateway;

import java.nio.file.Files;
import java.time.Clock;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.kafka.clients.CommonClientConfigs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ucsgateway.adapter.DeadLetters;
import org.ucsgateway.adapter.ResponseBatch;
import org.ucsgateway.adapter.UcsAdapter;
import org.ucsgateway.config.GatewayConfig;
import org.ucsgateway.health.HealthCheck;
import org.ucsgateway.ingress.DrainingGuard;
import org.ucsgateway.security.TlsSettings;
import org.ucsgateway.ingress.ErrorAnswers;
import org.ucsgateway.ingress.IngressProcessor;
import org.ucsgateway.ingress.InputLimits;
import org.ucsgateway.ingress.LimitedJettyComponent;
import org.ucsgateway.ingress.QueryProcessor;
import org.ucsgateway.kafka.EmbeddedKafkaBroker;
import org.ucsgateway.logging.ConfigSummary;
import org.ucsgateway.logging.LogFormat;
import org.ucsgateway.logging.RequestMdc;
import org.ucsgateway.metrics.ConsumerLag;
import org.ucsgateway.metrics.GatewayMetrics;
import org.ucsgateway.metrics.MetricsEventNotifier;
import org.ucsgateway.kafka.TopicInitializer;
import org.ucsgateway.notification.NotificationDispatcher;
import org.ucsgateway.notification.NotificationServer;
import org.ucsgateway.operations.ConfigValidator;
import org.ucsgateway.operations.RouteReload;
import org.ucsgateway.operations.ValidationProblem;
import org.ucsgateway.security.BasicAuthenticator;
import org.ucsgateway.security.CsrfProtection;
import org.ucsgateway.security.LoginThrottle;
import org.ucsgateway.security.PasswordHasher;
import org.ucsgateway.security.UserDirectory;
import org.ucsgateway.store.ContactStore;
import org.ucsgateway.store.InteractionStore;
import org.ucsgateway.store.ReferenceIdAllocator;
import org.ucsgateway.store.StoreDataSource;

/**
 * One gateway instance: the Kafka connection (an embedded broker when none is configured), the
 * store, the beans the routes reference, and Camel Main running the XML routes.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    private static final String DEMO_CONTACT_CENTER = "demo";
    private static final String DEMO_USER = "agent";
    private static final String DEMO_PASSWORD = "agent";

    private final Main main = new Main();
    private final CountDownLatch started = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private EmbeddedKafkaBroker broker;
    private HikariDataSource dataSource;
    private GatewayConfig config;
    private InteractionStore store;
    private NotificationServer notificationServer;
    private Thread runner;
    private HealthCheck healthCheck;
    private final DrainingGuard drainingGuard = new DrainingGuard();
    private Thread topicRetry;
    private boolean developmentMode;
    private GatewayMetrics metrics;
    private MetricsEventNotifier metricsEventNotifier;

    public Gateway(GatewayConfig config) {
        this.config = config;
    }

    /** Starts every part and returns once the routes run, or throws when a part failed to start. */
    public Gateway start() throws Exception {
        prepare();
        runner = new Thread(this::runMain, "ucs-gateway-main");
        runner.start();
        while (!started.await(100, TimeUnit.MILLISECONDS)) {
            if (!runner.isAlive()) {
                break;
            }
        }
        if (failure.get() != null || !runner.isAlive() && started.getCount() > 0) {
            close();
            throw new IllegalStateException("Gateway failed to start", failure.get());
        }
        return this;
    }

    /**
     * Runs in the calling thread until the JVM is asked to stop (SIGTERM or Ctrl-C). A shutdown hook
     * keeps the JVM alive until the routes stopped and the store and the embedded broker closed,
     * so the broker's log is left clean.
     */
    public void run() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            main.completed();
            try {
                closed.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "ucs-gateway-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        try {
            prepare();
            main.run();
        } finally {
            closeResources();
            // Logged before the shutdown hook is released, because the JVM may exit right after it.
            LOG.info("Gateway stopped");
            closed.countDown();
        }
    }

    public GatewayConfig config() {
        return config;
    }

    public InteractionStore store() {
        return store;
    }

    public NotificationServer notificationServer() {
        return notificationServer;
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }

    @Override
    public void close() {
        if (runner != null) {
            main.completed();
            try {
                runner.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            runner = null;
            closeResources();
            LOG.info("Gateway stopped");
            return;
        }
        closeResources();
    }

    private void runMain() {
        try {
            main.run();
        } catch (Throwable e) {
            failure.set(e);
            LOG.error("Gateway stopped with an error", e);
        }
    }

    private void prepare() throws Exception {
        LogFormat.parse(config.get(GatewayConfig.LOG_FORMAT)).apply();
        LOG.info("Gateway starting {}", ConfigSummary.of(config.withPrefix("")));
        List<ValidationProblem> problems = ConfigValidator.validate(config);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid configuration: " + problems.stream()
                    .map(ValidationProblem::toString).collect(Collectors.joining("; ")));
        }
        if (!config.getBoolean(GatewayConfig.ADAPTER_ENABLED)) {
            LOG.warn("UCS adapter off in this instance ({}=false): request records wait for an instance that runs it",
                    GatewayConfig.ADAPTER_ENABLED);
        } else if (config.getInt(GatewayConfig.ADAPTER_CONSUMERS) > config.getInt(GatewayConfig.TOPIC_PARTITIONS)) {
            LOG.warn("More UCS adapter consumers than request topic partitions: {}={} {}={}; the consumers beyond "
                            + "the partitions stay idle", GatewayConfig.ADAPTER_CONSUMERS,
                    config.get(GatewayConfig.ADAPTER_CONSUMERS), GatewayConfig.TOPIC_PARTITIONS,
                    config.get(GatewayConfig.TOPIC_PARTITIONS));
        }
        Path dataDir = config.getPath(GatewayConfig.DATA_DIR).toAbsolutePath();
        developmentMode = config.isBlank(GatewayConfig.KAFKA_BOOTSTRAP_SERVERS);
        if (developmentMode) {
            startEmbeddedBroker(dataDir);
        }
        if (config.isBlank(GatewayConfig.JDBC_URL)) {
            Path storeDir = dataDir.resolve("store");
            // H2's own shutdown hook would close the store while the UCS adapter still finishes its records,
            // so DB_CLOSE_ON_EXIT=FALSE leaves closing it to the gateway, after its routes stop.
            config = config.with(GatewayConfig.JDBC_URL, "jdbc:h2:file:" + storeDir.resolve("ucs")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_ON_EXIT=FALSE");
        }
        if (config.isBlank(GatewayConfig.INSTANCE_ID)) {
            config = config.with(GatewayConfig.INSTANCE_ID, UUID.randomUUID().toString());
        }
        if (config.isBlank(GatewayConfig.NOTIFICATION_GROUP_ID)) {
            config = config.with(GatewayConfig.NOTIFICATION_GROUP_ID,
                    "ucs-notification-" + config.get(GatewayConfig.INSTANCE_ID));
        }

        UserDirectory users = loadUsers(dataDir, developmentMode);
        if (config.getBoolean(GatewayConfig.CREATE_TOPICS)) {
            createTopics();
        }
        openStore();
        bindBeans(users);
        configureMain();
    }

    private void startEmbeddedBroker(Path dataDir) throws Exception {
        broker = new EmbeddedKafkaBroker(dataDir.resolve("kafka"), config.getInt(GatewayConfig.EMBEDDED_KAFKA_PORT));
        broker.start();
        config = config.with(GatewayConfig.KAFKA_BOOTSTRAP_SERVERS, broker.bootstrapServers());
        LOG.warn("Embedded development mode: Kafka runs inside this JVM at {} with its log in {}; "
                        + "set KAFKA_BOOTSTRAP_SERVERS to use a Kafka cluster",
                broker.bootstrapServers(), dataDir.resolve("kafka"));
    }

    private UserDirectory loadUsers(Path dataDir, boolean developmentMode) throws Exception {
        Path usersFile;
        if (!config.isBlank(GatewayConfig.USERS_FILE)) {
            usersFile = config.getPath(GatewayConfig.USERS_FILE);
        } else if (developmentMode) {
            usersFile = dataDir.resolve("users.json");
            if (!Files.exists(usersFile)) {
                UserDirectory.addOrUpdateUser(usersFile, DEMO_USER, PasswordHasher.hash(DEMO_PASSWORD),
                        DEMO_CONTACT_CENTER, List.of(IngressProcessor.FEATURE_UCS_VOICE), List.of("agent"));
                LOG.warn("Embedded development mode: created the demo contact center '{}' (features {}) with the "
                                + "demo user '{}', password '{}', in {}", DEMO_CONTACT_CENTER,
                        IngressProcessor.FEATURE_UCS_VOICE, DEMO_USER, DEMO_PASSWORD, usersFile);
            } else {
                LOG.warn("Embedded development mode: users from {} (demo user '{}', password '{}', unless edited)",
                        usersFile, DEMO_USER, DEMO_PASSWORD);
            }
        } else {
            throw new IllegalStateException("No user store: set " + GatewayConfig.USERS_FILE + " ("
                    + GatewayConfig.environmentName(GatewayConfig.USERS_FILE)
                    + ") to a users file; only the embedded development mode creates a demo user");
        }
        UserDirectory users = UserDirectory.load(usersFile);
        LOG.info("User store loaded file={} users={}", usersFile.toAbsolutePath(), users.size());
        return users;
    }

    /**
     * Creates missing topics. When Kafka cannot be reached, the gateway starts anyway, reports not
     * ready, and a background thread retries every few seconds until the topics exist.
     */
    private void createTopics() {
        List<String> topics = topics();
        int partitions = config.getInt(GatewayConfig.TOPIC_PARTITIONS);
        Map<String, Object> admin = adminClientProperties();
        try {
            TopicInitializer.createMissing(admin, topics, partitions, 10_000);
            return;
        } catch (Exception e) {
            LOG.warn("Kafka topics not verified at start, retrying in the background bootstrapServers={} error={}",
                    config.get(GatewayConfig.KAFKA_BOOTSTRAP_SERVERS), String.valueOf(e));
        }
        Thread retry = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(5_000);
                    TopicInitializer.createMissing(admin, topics, partitions, 10_000);
                    LOG.info("Kafka topics verified topics={}", topics);
                    return;
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    LOG.debug("Kafka topics still not verified error={}", String.valueOf(e));
                }
            }
        }, "ucs-topic-initializer");
        retry.setDaemon(true);
        retry.start();
        topicRetry = retry;
    }

    private void openStore() {
        dataSource = StoreDataSource.open(config.get(GatewayConfig.JDBC_URL), config.get(GatewayConfig.JDBC_USER),
                config.get(GatewayConfig.JDBC_PASSWORD), config.get(GatewayConfig.JDBC_SCHEMA),
                config.getInt(GatewayConfig.JDBC_POOL_SIZE));
        store = new InteractionStore(dataSource);
    }

    private void bindBeans(UserDirectory users) {
        long throttleWindowMs = config.getLong(GatewayConfig.LOGIN_THROTTLE_WINDOW_SECONDS) * 1000;
        BasicAuthenticator authenticator = new BasicAuthenticator(users,
                new LoginThrottle(config.getInt(GatewayConfig.LOGIN_THROTTLE_USER_FAILURES), throttleWindowMs, Clock.systemUTC()),
                new LoginThrottle(config.getInt(GatewayConfig.LOGIN_THROTTLE_ADDRESS_FAILURES), throttleWindowMs,
                        Clock.systemUTC()));
        notificationServer = new NotificationServer(authenticator, config.get(GatewayConfig.NOTIFICATION_CHANNEL),
                config.getInt(GatewayConfig.NOTIFICATION_MAX_QUEUE));
        main.bind("notificationHandlers", notificationServer.handlers());
        main.bind("drainingGuard", drainingGuard);
        main.bind("csrf", new CsrfProtection(config.getBoolean(GatewayConfig.CSRF_ENABLED),
                config.get(GatewayConfig.CSRF_SECRET)));
        InputLimits limits = InputLimits.from(config);
        LimitedJettyComponent jetty = new LimitedJettyComponent(limits);
        if (!config.isBlank(GatewayConfig.TLS_KEYSTORE)) {
            jetty.setSslContextParameters(TlsSettings.serverParameters(config));
        }
        main.bind("jetty", jetty);
        main.bind("ingress", new IngressProcessor(authenticator, new ReferenceIdAllocator(dataSource), limits));
        main.bind("errorAnswers", new ErrorAnswers(config.getLong(GatewayConfig.RETRY_AFTER_SECONDS)));
        main.bind("ucsAdapter", new UcsAdapter(store, new ContactStore(dataSource)));
        main.bind("responseBatch", new ResponseBatch());
        main.bind("queries", new QueryProcessor(store));
        main.bind("deadLetters", new DeadLetters());
        main.bind("notificationDispatcher", new NotificationDispatcher(notificationServer));

        healthCheck = new HealthCheck(adminClientProperties(), topics(), dataSource,
                config.get(GatewayConfig.ADAPTER_GROUP_ID), config.get(GatewayConfig.REQUEST_TOPIC));
        main.bind("health", healthCheck);

        metrics = new GatewayMetrics(notificationServer, new ConsumerLag(adminClientProperties(),
                config.get(GatewayConfig.ADAPTER_GROUP_ID), config.get(GatewayConfig.REQUEST_TOPIC)));
        main.bind("metrics", metrics);
        metricsEventNotifier = new MetricsEventNotifier(metrics, config.get(GatewayConfig.REQUEST_TOPIC),
                config.get(GatewayConfig.DEAD_LETTER_TOPIC));
        main.bind("requestMdc", new RequestMdc());
    }

    private void configureMain() {
        Properties overrides = new Properties();
        overrides.putAll(config.asMap());
        Path routesDir = config.getPath(GatewayConfig.ROUTES_DIR);
        boolean routesFromFolder = Files.isDirectory(routesDir);
        String routes = routesFromFolder
                ? "file:" + routesDir.toAbsolutePath() + "/*.xml"
                : "classpath:routes/*.xml";
        overrides.put("camel.main.routes-include-pattern", routes);
        boolean reload = RouteReload.enabled(config, developmentMode) && routesFromFolder;
        overrides.putAll(RouteReload.mainProperties(reload, routesDir));
        Map<String, String> kafka = kafkaClientProperties();
        kafka.forEach((key, value) -> overrides.put("camel.component.kafka.additional-properties[" + key + "]", value));
        main.setOverrideProperties(overrides);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport support) {
                // Camel 4.18 decides while the context initializes whether any event notifier
                // exists, and fires no sent events (which time the Kafka publishes) otherwise.
                support.getCamelContext().getManagementStrategy().addEventNotifier(metricsEventNotifier);
            }

            @Override
            public void afterStart(BaseMainSupport support) {
                started.countDown();
            }

            @Override
            public void beforeStop(BaseMainSupport support) {
                drainingGuard.startDraining();
            }
        });
        LOG.info("Gateway configured routes={} routesReload={} http={}:{} bootstrapServers={} requestTopic={} responseTopic={} "
                        + "deadLetterTopic={} instanceId={}", routes, reload, config.get(GatewayConfig.HTTP_HOST),
                config.get(GatewayConfig.HTTP_PORT), config.get(GatewayConfig.KAFKA_BOOTSTRAP_SERVERS),
                config.get(GatewayConfig.REQUEST_TOPIC), config.get(GatewayConfig.RESPONSE_TOPIC),
                config.get(GatewayConfig.DEAD_LETTER_TOPIC), config.get(GatewayConfig.INSTANCE_ID));
    }

    private List<String> topics() {
        return List.of(config.get(GatewayConfig.REQUEST_TOPIC), config.get(GatewayConfig.RESPONSE_TOPIC),
                config.get(GatewayConfig.DEAD_LETTER_TOPIC));
    }

    private Map<String, Object> adminClientProperties() {
        Map<String, Object> admin = new HashMap<>(kafkaClientProperties());
        admin.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.get(GatewayConfig.KAFKA_BOOTSTRAP_SERVERS));
        return admin;
    }

    /** Kafka client properties passed through from {@code kafka.*} keys, other than bootstrap.servers. */
    private Map<String, String> kafkaClientProperties() {
        Map<String, String> properties = new HashMap<>();
        config.withPrefix("kafka.").forEach((key, value) -> {
            if (!value.isBlank() && !key.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
                properties.put(key, value);
            }
        });
        return properties;
    }

    private void closeResources() {
        if (topicRetry != null) {
            topicRetry.interrupt();
            topicRetry = null;
        }
        if (metrics != null) {
            metrics.close();
            metrics = null;
        }
        if (healthCheck != null) {
            healthCheck.close();
            healthCheck = null;
        }
        if (dataSource != null) {
            dataSource.close();
            dataSource = null;
            LOG.info("Store closed");
        }
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }
}

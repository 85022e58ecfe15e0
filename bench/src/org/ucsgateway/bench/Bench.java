package org.ucsgateway.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Runs the benchmark: a separate Kafka broker, the gateway jar and the baseline server as
 * processes of their own, wrk for closed-loop ingress throughput and latency, and an open-loop
 * generator with a CometD client for end-to-end latency. Prints a table and writes the figures
 * as JSON to bench/results/. Run it through bench/run, which builds what it needs.
 */
public final class Bench {

    private static final String USER = "bench";
    private static final String PASSWORD = "bench-password";
    /** Notification p99 from which an end-to-end step counts as falling behind its rate. */
    private static final int SUSTAINED_P99_MS = 1000;
    private static final String GATEWAY_REQUEST_TOPIC = "ucs-gateway.requests";
    private static final String ADAPTER_GROUP = "ucs-adapter";
    /** Key of the histogram's total line in {@link #classHistogram}. */
    private static final String HISTOGRAM_TOTAL = "Total";
    private static final int WARMUP_WINDOW_SECONDS = 10;
    /**
     * Largest share of one CPU that the JIT compiler threads may use in a warm-up window that
     * counts as steady. Under load they seldom go to zero, as code is still recompiled now and then.
     */
    private static final double MAX_COMPILER_SHARE = 0.05;

    /**
     * ingress.xml of the component floor. It keeps the interactions endpoint's options and
     * removes the HTTP headers so that they do not become record headers.
     */
    private static final String FLOOR_INGRESS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <camel>
              <route id="ucs-interactions-ingress" startupOrder="60" streamCache="false">
                <from uri="jetty:{{ucs.http.scheme}}://{{ucs.http.host}}:{{ucs.http.port}}/api/v2/ucs/interactions?matchOnUriPrefix=true&amp;mapHttpMessageFormUrlEncodedBody=false&amp;chunked=false&amp;disableStreamCache=true"/>
                <removeHeaders pattern="*"/>
                <setHeader name="kafka.KEY"><simple>${exchangeId}</simple></setHeader>
                <convertBodyTo type="byte[]"/>
                <to uri="kafka:{{ucs.kafka.request-topic}}"/>
                <removeHeaders pattern="*"/>
                <setHeader name="Content-Type"><constant>application/json</constant></setHeader>
                <setBody><constant>{"statusCode":0,"referenceId":1000}</constant></setBody>
              </route>
            </camel>
            """;

    private final Options options;
    private final Path repo;
    private final Path work;
    private final String classpath;
    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final List<Process> processes = Collections.synchronizedList(new ArrayList<>());
    private long gatewayPid;
    private final Map<String, Object> figures = new LinkedHashMap<>();
    private final String authorization = BaselineServer.basic(USER, PASSWORD);
    private final String runId = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    private String bootstrap;
    private Path usersFile;

    private Bench(Options options, Path repo, String classpath) {
        this.options = options;
        this.repo = repo;
        this.work = repo.resolve("bench/target/work-" + runId);
        this.classpath = classpath;
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench/run: " + e.getMessage());
            System.err.print(Options.USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.print(Options.USAGE);
            return;
        }
        Bench bench = new Bench(options, Path.of("").toAbsolutePath(), System.getProperty("java.class.path"));
        // Ctrl-C or SIGTERM stops the broker and servers too, not only the benchmark's own JVM.
        Runtime.getRuntime().addShutdownHook(new Thread(bench::stopAll, "stop-processes"));
        try {
            bench.run();
        } finally {
            bench.stopAll();
        }
    }

    private void run() throws Exception {
        Files.createDirectories(work);
        log("work folder " + work);
        figures.put("runId", runId);
        figures.put("mode", options.soakSeconds > 0 ? "soak" : "benchmark");
        figures.put("machine", machine());
        figures.put("options", options.asMap());

        bootstrap = startBroker();
        usersFile = createUser();
        Process baseline = startBaseline(bootstrap);
        Process gateway = startGateway(Map.of());

        try {
            if (options.soakSeconds > 0) {
                soak(gateway, bootstrap);
            } else {
                benchmark(baseline, gateway);
            }
        } catch (Exception | Error e) {
            // The figures of the phases that completed are written below all the same.
            figures.put("failedWith", e.toString());
            throw e;
        } finally {
            Path results = repo.resolve("bench/results");
            Files.createDirectories(results);
            Path file = results.resolve(runId + ".json");
            mapper.writeValue(file.toFile(), figures);
            log("figures written to " + repo.relativize(file));
        }
    }

    // ------------------------------------------------------------------------------------------
    // Phases
    // ------------------------------------------------------------------------------------------

    /**
     * Runs the phases of a benchmark. The closed-loop runs of the gateway compare its ingress with
     * the baseline, which has no UCS adapter, so the gateway runs them with
     * UCS_ADAPTER_ENABLED=false. A gateway with the adapter then works off their backlog, and the
     * end-to-end runs at higher rates use topics and a store of their own, so neither that backlog
     * nor its rows are ahead of them.
     */
    private void benchmark(Process baseline, Process gateway) throws Exception {
        Map<String, Object> baselineFigures = warmUp("baseline", options.baselinePort, baseline.pid());
        figures.put("baseline", baselineFigures);

        firstRequestMs(options.gatewayPort);
        figures.put("endToEndLowRate", endToEnd(options.e2eLowRate, options.e2eSeconds, options.e2eWarmupSeconds + 20, true));

        stopGateway(gateway);
        gateway = startGateway(Map.of("UCS_ADAPTER_ENABLED", "false"));
        Map<String, Object> gatewayFigures = warmUp("gateway", options.gatewayPort, gateway.pid());
        figures.put("gateway", gatewayFigures);
        Map<String, Object> roundRatios = closedLoopRounds(baselineFigures, baseline.pid(), "gateway", gatewayFigures,
                gateway.pid(), options.connections, options.rounds);

        if (options.floorRounds > 0) {
            stopGateway(gateway);
            // A topic of its own: the floor publishes request bodies, which the adapter would reject.
            gateway = startGateway(Map.of("UCS_ADAPTER_ENABLED", "false",
                    "UCS_ROUTES_DIR", floorRoutes().toString(),
                    "UCS_KAFKA_REQUEST_TOPIC", "bench-" + runId + "-floor.requests"));
            figures.put("floor", floor(baseline.pid(), gateway.pid()));
        }

        stopGateway(gateway);
        gateway = startGateway(Map.of());
        figures.put("adapterDrain", adapterDrain(bootstrap, options.drainSeconds));

        double max = ((Number) ((Map<?, ?>) gatewayFigures.get("c64")).get("acceptedPerSecond")).doubleValue();
        int rate = options.e2eRate > 0 ? options.e2eRate : Math.max(100, (int) (max / 2));
        stopGateway(gateway);
        gateway = startGateway(ownTopicsAndStore("e2e-steps"));
        firstRequestMs(options.gatewayPort);
        Map<String, Object> steps = endToEndSteps(rate);
        figures.put("endToEndSteps", steps);
        int sustained = (Integer) steps.get("sustainedMaxRate");
        if (sustained >= 2 * options.e2eStep) {
            // A new gateway, because the last step may have left a backlog behind.
            stopGateway(gateway);
            gateway = startGateway(ownTopicsAndStore("e2e-half-sustained"));
            firstRequestMs(options.gatewayPort);
            figures.put("endToEndHalfSustained",
                    endToEnd(sustained / 2, options.e2eSeconds, options.e2eWarmupSeconds + 20, true));
        }

        int fellBehind = (Integer) steps.get("fellBehindAtRate");
        if (options.e2eRate == 0 && fellBehind > 0 && rate >= fellBehind) {
            // A pipeline that falls behind piles up requests in the generator until its heap runs out.
            String reason = "the end-to-end steps fell behind at " + fellBehind + " requests/s";
            log("end-to-end at " + rate + " requests/s skipped: " + reason);
            figures.put("endToEnd", Map.of("ratePerSecond", rate, "skipped", reason));
        } else {
            stopGateway(gateway);
            gateway = startGateway(ownTopicsAndStore("e2e-half"));
            firstRequestMs(options.gatewayPort);
            figures.put("endToEnd", endToEnd(rate, options.e2eSeconds, options.e2eWarmupSeconds + 20, true));
        }

        baselineFigures.put("startToReadyMs", figures.get("baselineStartToReadyMs"));
        gatewayFigures.put("startToReadyMs", figures.get("gatewayStartToReadyMs"));
        baselineFigures.put("rssKiB", rssKiB(baseline.pid()));
        gatewayFigures.put("rssKiB", rssKiB(gateway.pid()));
        gatewayFigures.put("heapAfterGcKiB", heapAfterGcKiB(gateway.pid()));
        Map<String, Object> ratios = ratios(gatewayFigures, baselineFigures);
        ratios.putAll(roundRatios);
        figures.put("ratios", ratios);
        printTable();
    }

    /** Sends one request alone, then warms the server up at 64 connections until it is steady. */
    private Map<String, Object> warmUp(String target, int port, long pid) throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("firstRequestMs", firstRequestMs(port));
        log(target + ": warm-up " + options.warmupSeconds + " s at 64 connections");
        JsonNode warmup = wrk(target + "-warmup", port, 64, options.warmupSeconds);
        double previous = acceptedPerSecond(warmup);
        result.put("warmupAcceptedPerSecond", previous);
        // The JIT compiler needs longer for the gateway's code than for the baseline's, and on a
        // slow machine longer than any fixed warm-up chosen on a fast one. Throughput can stay
        // flat for a while as the compiler works through its queue, so both must settle.
        List<Double> windows = new ArrayList<>();
        List<Double> compilerShares = new ArrayList<>();
        int seconds = options.warmupSeconds;
        boolean steady = false;
        while (!steady && seconds + WARMUP_WINDOW_SECONDS <= options.warmupMaxSeconds) {
            long compilerBefore = compilerTicks(pid);
            double rate = acceptedPerSecond(wrk(target + "-warmup-" + seconds, port, 64, WARMUP_WINDOW_SECONDS));
            double compilerShare = compilerShare(compilerTicks(pid) - compilerBefore);
            windows.add(rate);
            compilerShares.add(compilerShare);
            seconds += WARMUP_WINDOW_SECONDS;
            steady = rate <= previous * 1.03 && compilerShare < MAX_COMPILER_SHARE;
            previous = rate;
        }
        result.put("warmupWindowsAcceptedPerSecond", windows);
        result.put("warmupWindowsCompilerCpuShare", compilerShares);
        result.put("warmupSecondsUsed", seconds);
        result.put("warmupSteady", steady);
        log(target + ": warmed up in " + seconds + " s, accepted/s of the 10 s windows " + windows
                + ", JIT compiler CPU share " + compilerShares + (steady ? "" : ", not steady at --warmup-max"));
        return result;
    }

    /**
     * Measures the component floor: the gateway jar with an interactions route that only takes the
     * request with camel-jetty, publishes its body with camel-kafka and responds with a fixed body. No
     * authentication, validation, record building, log line or metrics step runs. Its rounds at
     * 64 connections, in turns with the baseline, show how near any route on these two components
     * comes to the baseline on this machine, and so how much of the gap is the gateway's own work.
     */
    private Map<String, Object> floor(long baselinePid, long floorPid) throws Exception {
        Map<String, Object> floor = warmUp("floor", options.gatewayPort, floorPid);
        Map<String, Object> baselineFigures = new LinkedHashMap<>();
        Map<String, Object> ratios = closedLoopRounds(baselineFigures, baselinePid, "floor", floor, floorPid,
                List.of(64), options.floorRounds);
        floor.put("baselineInTheSameRounds", baselineFigures);
        floor.put("ratios", ratios);
        return floor;
    }

    /**
     * Writes the route files of the component floor: those of the gateway, with the interactions
     * route of ingress.xml replaced by {@link #FLOOR_INGRESS}.
     */
    private Path floorRoutes() throws IOException {
        Path source = options.routesDir != null ? Path.of(options.routesDir).toAbsolutePath() : repo.resolve("routes");
        Path target = work.resolve("floor-routes");
        Files.createDirectories(target);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(source, "*.xml")) {
            for (Path file : files) {
                if (!file.getFileName().toString().equals("ingress.xml")) {
                    Files.copy(file, target.resolve(file.getFileName()));
                }
            }
        }
        Files.writeString(target.resolve("ingress.xml"), FLOOR_INGRESS);
        return target;
    }

    /**
     * Measures both servers in turns: in each round, at each concurrency level, the baseline and
     * then the gateway for --duration seconds. The machine's speed drifts: in a run started 10
     * minutes after another, the baseline served a 3.5th of the requests/s. So each gateway figure
     * is compared with the baseline figure taken just before it, and the ratios are the medians
     * over the rounds.
     */
    private Map<String, Object> closedLoopRounds(Map<String, Object> baselineFigures, long baselinePid,
                                                 String target, Map<String, Object> gatewayFigures, long gatewayPid,
                                                 List<Integer> levels, int rounds)
            throws Exception {
        Map<String, Object> ratios = new LinkedHashMap<>();
        for (int connections : levels) {
            List<Map<String, Object>> baselineRounds = new ArrayList<>();
            List<Map<String, Object>> gatewayRounds = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                baselineRounds.add(measure("baseline", options.baselinePort, baselinePid, connections, round));
                gatewayRounds.add(measure(target, options.gatewayPort, gatewayPid, connections, round));
            }
            baselineFigures.put("c" + connections, combine(connections, baselineRounds));
            gatewayFigures.put("c" + connections, combine(connections, gatewayRounds));
            for (String figure : List.of("acceptedPerSecond", "p50Ms", "p99Ms", "p999Ms", "cpuMicrosPerRequest")) {
                List<Double> perRound = new ArrayList<>();
                for (int i = 0; i < rounds; i++) {
                    perRound.add(ratio(gatewayRounds.get(i).get(figure), baselineRounds.get(i).get(figure)));
                }
                ratios.put(figure + "C" + connections + "PerRound", perRound);
                ratios.put(figure + "C" + connections, median(perRound));
            }
            log(target + " ratios at " + connections + " connections, per round: accepted/s "
                    + ratios.get("acceptedPerSecondC" + connections + "PerRound") + ", p99 "
                    + ratios.get("p99MsC" + connections + "PerRound"));
        }
        return ratios;
    }

    /** Runs wrk once against one server and returns its figures. */
    private Map<String, Object> measure(String target, int port, long pid, int connections, int round) throws Exception {
        long cpuBefore = cpuTicks(pid);
        JsonNode run = wrk(target + "-c" + connections + "-round" + round, port, connections, options.measureSeconds);
        long cpuTicks = cpuTicks(pid) - cpuBefore;
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("round", round);
        point.put("acceptedPerSecond", acceptedPerSecond(run));
        point.put("requests", run.get("requests").asLong());
        point.put("non2xx", run.get("non2xx").asLong());
        point.put("socketErrors", run.get("connectErrors").asLong() + run.get("readErrors").asLong()
                + run.get("writeErrors").asLong() + run.get("timeouts").asLong());
        point.put("p50Ms", run.get("p50Us").asLong() / 1000.0);
        point.put("p99Ms", run.get("p99Us").asLong() / 1000.0);
        point.put("p999Ms", run.get("p999Us").asLong() / 1000.0);
        point.put("maxMs", run.get("maxUs").asLong() / 1000.0);
        // Clock ticks are 10 ms on Linux (USER_HZ 100).
        point.put("cpuSeconds", cpuTicks / 100.0);
        long accepted = run.get("requests").asLong() - run.get("non2xx").asLong();
        point.put("cpuMicrosPerRequest", accepted == 0 ? -1 : Math.round(cpuTicks * 10_000.0 / accepted));
        log(target + ": round " + round + " at " + connections + " connections: " + point);
        return point;
    }

    /**
     * Combines the rounds of one server at one concurrency level: accepted requests/s and CPU per
     * request over all rounds, the median of the rounds' latency percentiles, the largest maximum.
     */
    private static Map<String, Object> combine(int connections, List<Map<String, Object>> rounds) {
        long requests = 0;
        long non2xx = 0;
        long socketErrors = 0;
        double cpuSeconds = 0;
        double maxMs = 0;
        double acceptedSum = 0;
        for (Map<String, Object> round : rounds) {
            requests += (Long) round.get("requests");
            non2xx += (Long) round.get("non2xx");
            socketErrors += (Long) round.get("socketErrors");
            cpuSeconds += (Double) round.get("cpuSeconds");
            maxMs = Math.max(maxMs, (Double) round.get("maxMs"));
            acceptedSum += (Double) round.get("acceptedPerSecond");
        }

        Map<String, Object> point = new LinkedHashMap<>();
        point.put("connections", connections);
        point.put("acceptedPerSecond", Math.round(acceptedSum / rounds.size()) * 1.0);
        point.put("requests", requests);
        point.put("non2xx", non2xx);
        point.put("socketErrors", socketErrors);
        for (String percentile : List.of("p50Ms", "p99Ms", "p999Ms")) {
            List<Double> values = new ArrayList<>();
            rounds.forEach(round -> values.add((Double) round.get(percentile)));
            point.put(percentile, median(values));
        }
        point.put("maxMs", maxMs);

        point.put("cpuSeconds", cpuSeconds);
        long accepted = requests - non2xx;
        point.put("cpuMicrosPerRequest", accepted == 0 ? -1 : Math.round(cpuSeconds * 1_000_000.0 / accepted));
        point.put("rounds", rounds);
        return point;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /**
     * Sends one request alone before the load starts. The gateway verifies a user's password with
     * PBKDF2 (600,000 iterations) until one request of that user succeeded, so without this every
     * connection of the warm-up would run that hash at once.
     */
    private long firstRequestMs(int port) throws Exception {
        String body = "{\"operationName\":\"FindPhoneCall\",\"callId\":\"" + runId + "-first-" + port
                + "\",\"status\":\"InProcess\",\"phoneNumber\":\"1231231231\",\"type\":\"Inbound\"}";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v2/ucs/interactions"))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        long started = System.nanoTime();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("first request to port " + port + " failed: " + response.statusCode()
                    + " " + response.body());
        }
        return (System.nanoTime() - started) / 1_000_000;
    }

    /**
     * Runs the end-to-end measurement at one rate. After a gateway start ({@code afterStart}) the
     * warm-up goes on past {@code warmupSeconds} in windows, as {@link #openLoopWarmup} describes.
     */
    private Map<String, Object> endToEnd(int rate, int seconds, int warmupSeconds, boolean afterStart) throws Exception {
        log("end-to-end: open loop at " + rate + " requests/s, " + warmupSeconds + " s warm-up"
                + (afterStart ? " or more" : "") + " and " + seconds + " s measured");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ratePerSecond", rate);
        try (OpenLoopLoad load = new OpenLoopLoad("http://127.0.0.1:" + options.gatewayPort, authorization, 64)) {
            if (warmupSeconds > 0) {
                OpenLoopLoad.Result warmup = load.run(runId + "-e2e-warmup-" + rate, rate, warmupSeconds, 30);
                if (afterStart) {
                    result.putAll(openLoopWarmup(load, rate, warmupSeconds, warmup));
                }
            }
            OpenLoopLoad.Result run = load.run(runId + "-e2e-" + rate, rate, seconds, 30);
            result.putAll(summarize(run, run.startNs, Long.MAX_VALUE));
        }
        log("end-to-end: " + result);
        return result;
    }

    /**
     * Continues an open-loop warm-up in windows until the JIT compiler threads used less than 5%
     * of a CPU in a window whose notification p99 is no more than 10% below the one before it.
     * Stops early after a window that left a request without a notification, and at --warmup-max
     * seconds in all.
     */
    private Map<String, Object> openLoopWarmup(OpenLoopLoad load, int rate, int warmupSeconds,
                                               OpenLoopLoad.Result first) throws Exception {
        double previous = e2eP99Ms(first);
        List<Double> windows = new ArrayList<>();
        List<Double> compilerShares = new ArrayList<>();
        int seconds = warmupSeconds;
        boolean steady = false;
        while (!steady && seconds + WARMUP_WINDOW_SECONDS <= options.warmupMaxSeconds) {
            long compilerBefore = compilerTicks(gatewayPid);
            OpenLoopLoad.Result window = load.run(runId + "-e2e-warmup-" + rate + "-" + seconds, rate,
                    WARMUP_WINDOW_SECONDS, 30);
            double compilerShare = compilerShare(compilerTicks(gatewayPid) - compilerBefore);
            Map<String, Object> summary = summarize(window, window.startNs, Long.MAX_VALUE);
            double p99 = ((Number) summary.get("e2eP99Ms")).doubleValue();
            windows.add(p99);
            compilerShares.add(compilerShare);
            seconds += WARMUP_WINDOW_SECONDS;
            if (!summary.get("notified").equals(summary.get("scheduled"))) {
                // The gateway does not keep up with this rate, so more warm-up only builds a backlog.
                log("end-to-end: warm-up window left requests without a notification, the rate is too high");
                break;
            }
            steady = p99 >= previous * 0.9 && compilerShare < MAX_COMPILER_SHARE;
            previous = p99;
        }
        log("end-to-end: warmed up in " + seconds + " s, notification p99 ms of the 10 s windows " + windows
                + ", JIT compiler CPU share " + compilerShares + (steady ? "" : ", not steady at --warmup-max"));
        Map<String, Object> warmup = new LinkedHashMap<>();
        warmup.put("warmupWindowsE2eP99Ms", windows);
        warmup.put("warmupWindowsCompilerCpuShare", compilerShares);
        warmup.put("warmupSecondsUsed", seconds);
        warmup.put("warmupSteady", steady);
        return warmup;
    }

    /** Returns compiler ticks of one warm-up window as a share of one CPU over the window. */
    private static double compilerShare(long ticks) {
        // Clock ticks are 10 ms on Linux (USER_HZ 100).
        return Math.round(ticks / (WARMUP_WINDOW_SECONDS * 100.0) * 1000) / 1000.0;
    }

    private static double e2eP99Ms(OpenLoopLoad.Result run) {
        return ((Number) summarize(run, run.startNs, Long.MAX_VALUE).get("e2eP99Ms")).doubleValue();
    }

    /**
     * Runs the end-to-end measurement at rising rates, from the step size in steps of it, below
     * {@code maxRate}, until a rate leaves requests unanswered or not notified or has a notification
     * p99 of {@link #SUSTAINED_P99_MS} or more. The last rate before that is the sustained end-to-end
     * maximum: a pipeline that falls behind builds a backlog during the step, and its p99 passes
     * that bound within seconds.
     */
    private Map<String, Object> endToEndSteps(int maxRate) throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        List<Map<String, Object>> steps = new ArrayList<>();
        int under50Ms = 0;
        int sustained = 0;
        int fellBehind = 0;
        for (int rate = options.e2eStep; options.e2eStep > 0 && rate < maxRate; rate += options.e2eStep) {
            // The gateway was just started: the first rate also warms it up and forms the adapter group.
            boolean first = rate == options.e2eStep;
            int warmupSeconds = first ? options.e2eWarmupSeconds + 20 : 5;
            Map<String, Object> step = endToEnd(rate, options.e2eStepSeconds, warmupSeconds, first);
            steps.add(step);
            double p99 = ((Number) step.get("e2eP99Ms")).doubleValue();
            boolean complete = step.get("notified").equals(step.get("scheduled"))
                    && step.get("answered200").equals(step.get("scheduled"));
            if (!complete || Double.isNaN(p99) || p99 >= SUSTAINED_P99_MS) {
                fellBehind = rate;
                break;
            }
            sustained = rate;
            if (p99 < 50 && under50Ms == rate - options.e2eStep) {
                under50Ms = rate;
            }
        }
        result.put("steps", steps);
        result.put("highestRateWithP99Under50Ms", under50Ms);
        result.put("sustainedMaxRate", sustained);
        result.put("fellBehindAtRate", fellBehind);
        log("end-to-end steps: highest rate with notification p99 under 50 ms: " + under50Ms
                + " requests/s, sustained maximum: " + sustained + " requests/s");
        return result;
    }

    private void soak(Process gateway, String bootstrap) throws Exception {
        int rate = options.e2eRate > 0 ? options.e2eRate : 2000;
        Map<String, Object> soak = new LinkedHashMap<>();
        soak.put("ratePerSecond", rate);
        soak.put("seconds", options.soakSeconds);
        try (OpenLoopLoad load = new OpenLoopLoad("http://127.0.0.1:" + options.gatewayPort, authorization, 64)) {
            log("soak: warm-up " + options.warmupSeconds + " s at " + rate + " requests/s");
            load.run(runId + "-soak-warmup", rate, options.warmupSeconds, 30);
            soak.put("heapAfterGcStartKiB", heapAfterGcKiB(gateway.pid()));
            soak.put("rssStartKiB", rssKiB(gateway.pid()));
            Map<String, long[]> histogramStart = classHistogram(gateway.pid());
            log("soak: " + options.soakSeconds + " s at " + rate + " requests/s");
            List<Map<String, Object>> samples = Collections.synchronizedList(new ArrayList<>());
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            long soakStartNs = System.nanoTime();
            sampler.scheduleAtFixedRate(() -> {
                Map<String, Object> sample = minuteSample(gateway.pid(), bootstrap, soakStartNs);
                if (sample != null) {
                    samples.add(sample);
                }
            }, 60, 60, TimeUnit.SECONDS);
            OpenLoopLoad.Result run;
            try {
                run = load.run(runId + "-soak", rate, options.soakSeconds, 60);
            } finally {
                sampler.shutdownNow();
                sampler.awaitTermination(30, TimeUnit.SECONDS);
            }
            soak.put("minuteSamples", new ArrayList<>(samples));
            soak.put("heapAfterGcEndKiB", heapAfterGcKiB(gateway.pid()));
            Map<String, long[]> histogramEnd = classHistogram(gateway.pid());
            soak.put("liveBytesStart", histogramStart.getOrDefault(HISTOGRAM_TOTAL, new long[2])[1]);
            soak.put("liveBytesEnd", histogramEnd.getOrDefault(HISTOGRAM_TOTAL, new long[2])[1]);
            soak.put("heapGrowthByClass", histogramGrowth(histogramStart, histogramEnd, 15));
            log("soak: live bytes added by class " + soak.get("heapGrowthByClass"));
            soak.put("rssEndKiB", rssKiB(gateway.pid()));
            soak.put("adapterLagAtEnd", adapterLag(bootstrap));
            soak.put("total", summarize(run, run.startNs, Long.MAX_VALUE));
            List<Map<String, Object>> intervals = new ArrayList<>();
            long step = TimeUnit.SECONDS.toNanos(60);
            for (long from = run.startNs; from < run.startNs + TimeUnit.SECONDS.toNanos(options.soakSeconds); from += step) {
                Map<String, Object> interval = new LinkedHashMap<>();
                interval.put("fromSecond", (from - run.startNs) / 1_000_000_000L);
                interval.putAll(summarize(run, from, from + step));
                intervals.add(interval);
                log("soak interval " + interval);
            }
            soak.put("perMinute", intervals);
        }
        figures.put("soak", soak);
        log("soak: " + soak.get("total") + " heap after GC " + soak.get("heapAfterGcStartKiB") + " KiB -> "
                + soak.get("heapAfterGcEndKiB") + " KiB, live objects " + soak.get("liveBytesStart") + " -> "
                + soak.get("liveBytesEnd") + " bytes");
    }

    /**
     * Takes the soak's sample at the end of a minute: the live objects after a full GC (the class
     * histogram's total) and the UCS adapter's lag. The full GC pauses the gateway once a minute.
     * Returns null when the soak ended while the sample was taken, because the end figures
     * follow anyway.
     */
    private Map<String, Object> minuteSample(long pid, String bootstrap, long startNs) {
        Map<String, Object> sample = new LinkedHashMap<>();
        sample.put("atSecond", (System.nanoTime() - startNs) / 1_000_000_000L);
        try {
            sample.put("liveBytes", classHistogram(pid).getOrDefault(HISTOGRAM_TOTAL, new long[2])[1]);
            sample.put("adapterLag", adapterLag(bootstrap));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            sample.put("error", e.toString());
        }
        log("soak sample " + sample);
        return sample;
    }

    private static Map<String, Object> summarize(OpenLoopLoad.Result run, long fromNs, long toNs) {
        int scheduled = 0;
        int ok = 0;
        int failed = 0;
        int notified = 0;
        for (int i = 0; i < run.scheduled; i++) {
            if (run.scheduledNs[i] < fromNs || run.scheduledNs[i] >= toNs) {
                continue;
            }
            scheduled++;
            if (run.status[i] == 200) {
                ok++;
            } else {
                failed++;
            }
            if (run.notifiedNs[i] != 0) {
                notified++;
            }
        }

        List<long[]> latencies = OpenLoopLoad.latencies(run, fromNs, toNs);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("scheduled", scheduled);
        summary.put("answered200", ok);
        summary.put("failedOrNon200", failed);
        summary.put("notified", notified);
        summary.put("answerP50Ms", percentileMs(latencies.get(0), 50));
        summary.put("answerP99Ms", percentileMs(latencies.get(0), 99));
        summary.put("e2eP50Ms", percentileMs(latencies.get(1), 50));
        summary.put("e2eP99Ms", percentileMs(latencies.get(1), 99));
        summary.put("e2eP999Ms", percentileMs(latencies.get(1), 99.9));
        summary.put("e2eMaxMs", percentileMs(latencies.get(1), 100));
        return summary;
    }

    static double percentileMs(long[] values, double percentile) {
        if (values.length == 0) {
            return Double.NaN;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return Math.round(sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000.0) / 1000.0;
    }

    /**
     * Returns the gateway/baseline ratios of the figures taken once per run. The closed-loop ratios
     * come from {@link #closedLoopRounds}, as medians of per-round ratios.
     */
    private static Map<String, Object> ratios(Map<String, Object> gateway, Map<String, Object> baseline) {
        Map<String, Object> ratios = new LinkedHashMap<>();
        ratios.put("rss", ratio(gateway.get("rssKiB"), baseline.get("rssKiB")));
        ratios.put("startToReady", ratio(gateway.get("startToReadyMs"), baseline.get("startToReadyMs")));
        return ratios;
    }

    private static double ratio(Object numerator, Object denominator) {
        double d = ((Number) denominator).doubleValue();
        return d == 0 ? Double.NaN : Math.round(((Number) numerator).doubleValue() / d * 100) / 100.0;
    }

    // ------------------------------------------------------------------------------------------
    // Processes
    // ------------------------------------------------------------------------------------------

    private String startBroker() throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-Xmx1g", "-cp", classpath,
                BenchBroker.class.getName(), work.resolve("kafka").toString(), String.valueOf(options.brokerPort)));
        Process broker = start("broker", command, Map.of());
        awaitLine(broker, work.resolve("broker.log"), "READY ", 90);
        return "127.0.0.1:" + options.brokerPort;
    }

    private Path createUser() throws Exception {
        Path usersFile = work.resolve("users.json");
        ProcessBuilder builder = new ProcessBuilder("java", "-jar", "target/ucs-gateway.jar", "add-user", "--file",
                usersFile.toString(), "--user", USER, "--contact-center", "bench", "--features", "api-ucs-voice")
                .directory(repo.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("add-user.log").toFile());
        builder.environment().put("UCS_NEW_PASSWORD", PASSWORD);
        Process addUser = builder.start();
        addUser.getOutputStream().close();
        if (!addUser.waitFor(60, TimeUnit.SECONDS) || addUser.exitValue() != 0) {
            throw new IllegalStateException("add-user failed: see " + work.resolve("add-user.log"));
        }
        return usersFile;
    }

    private Process startBaseline(String bootstrap) throws Exception {
        List<String> command = new ArrayList<>(options.serverPrefix());
        command.addAll(List.of("java", "-cp", classpath, BaselineServer.class.getName(),
                String.valueOf(options.baselinePort), bootstrap, "bench.baseline.requests", authorization));
        long started = System.nanoTime();
        Process baseline = start("baseline", command, Map.of());
        awaitLine(baseline, work.resolve("baseline.log"), "READY ", 60);
        long readyMs = (System.nanoTime() - started) / 1_000_000;
        figures.put("baselineStartToReadyMs", readyMs);
        return baseline;
    }

    /**
     * Returns settings for a gateway with topics, an adapter group and a data folder of its own,
     * named after the run and the label, so neither a backlog nor the rows of earlier phases
     * are in its way.
     */
    private Map<String, String> ownTopicsAndStore(String label) {
        String prefix = "bench-" + runId + "-" + label;
        return Map.of("UCS_KAFKA_REQUEST_TOPIC", prefix + ".requests",
                "UCS_KAFKA_RESPONSE_TOPIC", prefix + ".responses",
                "UCS_KAFKA_DEAD_LETTER_TOPIC", prefix + ".dead-letter",
                "UCS_KAFKA_ADAPTER_GROUP_ID", prefix + "-adapter",
                "UCS_DATA_DIR", work.resolve("gateway-data-" + label).toString());
    }

    /** Stops the gateway with SIGTERM, the way its users stop it, and waits for it to exit. */
    private void stopGateway(Process gateway) throws InterruptedException {
        gateway.destroy();
        if (!gateway.waitFor(60, TimeUnit.SECONDS)) {
            gateway.destroyForcibly();
            gateway.waitFor(10, TimeUnit.SECONDS);
        }
        processes.remove(gateway);
        log("stopped gateway pid " + gateway.pid() + " with exit code " + gateway.exitValue());
    }

    /** Starts the gateway jar with the settings of the run and {@code settings} on top. */
    private Process startGateway(Map<String, String> settings) throws Exception {
        List<String> command = new ArrayList<>(options.serverPrefix());
        command.add("java");
        command.addAll(options.gatewayJvmOptions);
        command.addAll(List.of("-jar", "target/ucs-gateway.jar"));
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        environment.put("UCS_SECURITY_USERS_FILE", usersFile.toString());
        environment.put("UCS_DATA_DIR", work.resolve("gateway-data").toString());
        environment.put("UCS_HTTP_PORT", String.valueOf(options.gatewayPort));
        if (options.routesDir != null) {
            environment.put("UCS_ROUTES_DIR", Path.of(options.routesDir).toAbsolutePath().toString());
        }
        environment.putAll(options.gatewayEnvironment);
        environment.putAll(settings);
        long started = System.nanoTime();
        Process gateway = start("gateway", command, environment);
        gatewayPid = gateway.pid();

        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + options.gatewayPort + "/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = started + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            if (!gateway.isAlive()) {
                throw new IllegalStateException("gateway exited with " + gateway.exitValue() + ": see " + work.resolve("gateway.log"));
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    break;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gateway not ready within 120 s: see " + work.resolve("gateway.log"));
            }
            Thread.sleep(20);
        }
        long readyMs = (System.nanoTime() - started) / 1_000_000;
        log("gateway ready after " + readyMs + " ms, pid " + gateway.pid() + ", settings " + settings);
        figures.putIfAbsent("gatewayStartToReadyMs", readyMs);
        return gateway;
    }

    private Process start(String name, List<String> command, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(repo.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        processes.add(process);
        Files.writeString(work.resolve("pids.txt"), name + " " + process.pid() + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        log("started " + name + " pid " + process.pid());
        return process;
    }

    private static void awaitLine(Process process, Path logFile, String prefix, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.exists(logFile) && Files.readAllLines(logFile, StandardCharsets.ISO_8859_1).stream()
                    .anyMatch(line -> line.startsWith(prefix))) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("process exited with " + process.exitValue() + ": see " + logFile);
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no '" + prefix + "' line within " + seconds + " s: see " + logFile);
    }

    /** Stops every started process by its handle (SIGTERM, then SIGKILL after 30 s), newest first. */
    private void stopAll() {
        List<Process> started;
        synchronized (processes) {
            started = new ArrayList<>(processes);
        }
        for (int i = started.size() - 1; i >= 0; i--) {
            Process process = started.get(i);
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Measurements
    // ------------------------------------------------------------------------------------------

    private JsonNode wrk(String label, int port, int connections, int seconds) throws Exception {
        Path output = work.resolve("wrk-" + label + ".log");
        Process wrk = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--timeout", "10s",
                "-s", "bench/wrk/post.lua", "http://127.0.0.1:" + port, "--", runId + "-" + label, authorization)
                .directory(repo.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        if (!wrk.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
            wrk.destroyForcibly();
            throw new IllegalStateException("wrk did not finish: see " + output);
        }
        for (String line : Files.readAllLines(output)) {
            if (line.startsWith("WRK_JSON ")) {
                return mapper.readTree(line.substring("WRK_JSON ".length()));
            }
        }
        throw new IllegalStateException("wrk printed no figures: see " + output);
    }

    private static double acceptedPerSecond(JsonNode run) {
        long accepted = run.get("requests").asLong() - run.get("non2xx").asLong();
        return Math.round(accepted / (run.get("durationUs").asLong() / 1e6));
    }

    /**
     * Measures how fast the UCS adapter works off the backlog of the closed-loop runs: waits until
     * it consumed every request record, or for at most {@code maxSeconds}.
     */
    private Map<String, Object> adapterDrain(String bootstrap, int maxSeconds) throws Exception {
        Map<String, Object> drain = new LinkedHashMap<>();
        long started = System.nanoTime();
        long initialLag = adapterLag(bootstrap);
        long lag = initialLag;
        drain.put("lagAfterLoad", initialLag);
        log("adapter lag after the closed-loop runs: " + initialLag + " records");
        long deadline = started + TimeUnit.SECONDS.toNanos(maxSeconds);
        while (lag > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            lag = adapterLag(bootstrap);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        drain.put("seconds", Math.round(seconds * 10) / 10.0);
        drain.put("lagAtEnd", lag);
        drain.put("recordsPerSecond", seconds > 0 ? Math.round((initialLag - lag) / seconds) : 0);
        log("adapter drain: " + drain);
        return drain;
    }

    private static long adapterLag(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(ADAPTER_GROUP).partitionsToOffsetAndMetadata().get();
            List<TopicPartition> partitions = new ArrayList<>();
            int count = admin.describeTopics(List.of(GATEWAY_REQUEST_TOPIC)).allTopicNames().get()
                    .get(GATEWAY_REQUEST_TOPIC).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
            for (int p = 0; p < count; p++) {
                TopicPartition partition = new TopicPartition(GATEWAY_REQUEST_TOPIC, p);
                partitions.add(partition);
                latest.put(partition, OffsetSpec.latest());
            }
            var ends = admin.listOffsets(latest).all().get();
            long lag = 0;
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata offset = committed.get(partition);
                lag += ends.get(partition).offset() - (offset == null ? 0 : offset.offset());
            }
            return lag;
        }
    }

    /** Returns the user and system CPU time of a process in clock ticks, from /proc/PID/stat. */
    private static long cpuTicks(long pid) throws IOException {
        return ticksOf(Files.readString(Path.of("/proc/" + pid + "/stat")));
    }

    /** Returns utime + stime of a /proc stat line, in clock ticks. */
    private static long ticksOf(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // After the command name: field 3 (state) is index 0, so utime (14) and stime (15) are 11 and 12.
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /**
     * Returns the CPU ticks that the JIT compiler threads of a HotSpot JVM have used so far: the
     * threads whose name in /proc starts with "C1 Compiler" or "C2 Compiler".
     */
    private static long compilerTicks(long pid) throws IOException {
        long ticks = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                        ticks += ticksOf(Files.readString(task.resolve("stat")));
                    }
                } catch (IOException e) {
                    // The thread ended between the listing and the read.
                }
            }
        }
        return ticks;
    }

    private static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** Runs a full GC in the process with jcmd and returns the heap in use after it. */
    private long heapAfterGcKiB(long pid) throws Exception {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher matcher = Pattern.compile("used (\\d+)K").matcher(info);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
    }

    /**
     * Returns the live objects of the process by class name, as {instances, bytes}, from
     * {@code jcmd PID GC.class_histogram}, which runs a full GC first.
     */
    private Map<String, long[]> classHistogram(long pid) throws Exception {
        Map<String, long[]> histogram = new LinkedHashMap<>();
        Pattern row = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
        Pattern total = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)");
        for (String line : jcmd(pid, "GC.class_histogram").split("\n")) {
            Matcher matcher = row.matcher(line);
            Matcher totalMatcher = total.matcher(line);
            if (matcher.find()) {
                histogram.put(matcher.group(3), new long[] {Long.parseLong(matcher.group(1)),
                        Long.parseLong(matcher.group(2))});
            } else if (totalMatcher.find()) {
                histogram.put(HISTOGRAM_TOTAL, new long[] {Long.parseLong(totalMatcher.group(1)),
                        Long.parseLong(totalMatcher.group(2))});
            }
        }
        return histogram;
    }

    /** Returns the classes whose live bytes grew most between two histograms, largest growth first. */
    private static List<Map<String, Object>> histogramGrowth(Map<String, long[]> start, Map<String, long[]> end,
                                                             int limit) {
        List<Map<String, Object>> growth = new ArrayList<>();
        for (Map.Entry<String, long[]> entry : end.entrySet()) {
            if (entry.getKey().equals(HISTOGRAM_TOTAL)) {
                continue;
            }
            long[] before = start.getOrDefault(entry.getKey(), new long[2]);
            long bytes = entry.getValue()[1] - before[1];
            if (bytes > 0) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("class", entry.getKey());
                row.put("instancesAdded", entry.getValue()[0] - before[0]);
                row.put("bytesAdded", bytes);
                growth.add(row);
            }
        }
        growth.sort((a, b) -> Long.compare((Long) b.get("bytesAdded"), (Long) a.get("bytesAdded")));
        return growth.subList(0, Math.min(limit, growth.size()));
    }

    private String jcmd(long pid, String command) throws Exception {
        Process process = new ProcessBuilder("jcmd", String.valueOf(pid), command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(60, TimeUnit.SECONDS);
        return output;
    }

    private Map<String, Object> machine() throws Exception {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("nproc", Runtime.getRuntime().availableProcessors());
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(line -> line.startsWith("model name")).findFirst().map(line -> line.replaceAll(".*: ", ""))
                .orElse("unknown");
        machine.put("cpu", cpu);
        String memory = Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("[^0-9]", "");
        machine.put("memoryKiB", Long.parseLong(memory));
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("load1", Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        return machine;
    }

    private void printTable() {
        Map<?, ?> gateway = (Map<?, ?>) figures.get("gateway");
        Map<?, ?> baseline = (Map<?, ?>) figures.get("baseline");
        Map<?, ?> ratios = (Map<?, ?>) figures.get("ratios");
        StringBuilder table = new StringBuilder();
        table.append(String.format("%nClosed loop: %d rounds of %d s per server and level, taken in turns; the ratios "
                + "are the medians of the per-round ratios.%n", options.rounds, options.measureSeconds));
        table.append(String.format("%n%-28s %14s %14s %8s%n", "figure", "gateway", "baseline", "ratio"));
        for (int connections : options.connections) {
            Map<?, ?> g = (Map<?, ?>) gateway.get("c" + connections);
            Map<?, ?> b = (Map<?, ?>) baseline.get("c" + connections);
            row(table, "accepted req/s, c=" + connections, g.get("acceptedPerSecond"), b.get("acceptedPerSecond"),
                    ratios.get("acceptedPerSecondC" + connections));
            row(table, "p50 ms, c=" + connections, g.get("p50Ms"), b.get("p50Ms"), ratios.get("p50MsC" + connections));
            row(table, "p99 ms, c=" + connections, g.get("p99Ms"), b.get("p99Ms"), ratios.get("p99MsC" + connections));
            row(table, "p99.9 ms, c=" + connections, g.get("p999Ms"), b.get("p999Ms"), ratios.get("p999MsC" + connections));
            row(table, "CPU us/request, c=" + connections, g.get("cpuMicrosPerRequest"), b.get("cpuMicrosPerRequest"),
                    ratios.get("cpuMicrosPerRequestC" + connections));
        }
        row(table, "RSS MiB after run", ((Number) gateway.get("rssKiB")).longValue() / 1024,
                ((Number) baseline.get("rssKiB")).longValue() / 1024, ratios.get("rss"));
        row(table, "start to ready ms", figures.get("gatewayStartToReadyMs"), figures.get("baselineStartToReadyMs"),
                ratios.get("startToReady"));
        if (figures.get("floor") instanceof Map<?, ?> floor) {
            Map<?, ?> floorPoint = (Map<?, ?>) floor.get("c64");
            Map<?, ?> baselinePoint = (Map<?, ?>) ((Map<?, ?>) floor.get("baselineInTheSameRounds")).get("c64");
            Map<?, ?> floorRatios = (Map<?, ?>) floor.get("ratios");
            table.append(String.format("%nComponent floor (camel-jetty, camel-kafka, fixed answer) against the baseline, "
                    + "%d rounds in turns:%n", options.floorRounds));
            row(table, "floor accepted req/s, c=64", floorPoint.get("acceptedPerSecond"),
                    baselinePoint.get("acceptedPerSecond"), floorRatios.get("acceptedPerSecondC64"));
            row(table, "floor p99 ms, c=64", floorPoint.get("p99Ms"), baselinePoint.get("p99Ms"),
                    floorRatios.get("p99MsC64"));
            row(table, "floor CPU us/request, c=64", floorPoint.get("cpuMicrosPerRequest"),
                    baselinePoint.get("cpuMicrosPerRequest"), floorRatios.get("cpuMicrosPerRequestC64"));
        }
        for (String key : List.of("endToEndLowRate", "endToEnd")) {
            appendEndToEnd(table, (Map<?, ?>) figures.get(key));
        }
        Map<?, ?> drain = (Map<?, ?>) figures.get("adapterDrain");
        table.append(String.format("UCS adapter backlog after the closed-loop runs: %s records, worked off at %s records/s%n",
                drain.get("lagAfterLoad"), drain.get("recordsPerSecond")));
        Map<?, ?> steps = (Map<?, ?>) figures.get("endToEndSteps");
        table.append(String.format("highest open-loop rate with notification p99 under 50 ms, in steps of %d: %s req/s%n",
                options.e2eStep, steps.get("highestRateWithP99Under50Ms")));
        table.append(String.format("sustained end-to-end maximum (every request notified, p99 under %d ms): %s req/s%n",
                SUSTAINED_P99_MS, steps.get("sustainedMaxRate")));
        if (figures.get("endToEndHalfSustained") instanceof Map<?, ?> half) {
            appendEndToEnd(table, half);
        }
        System.out.print(table);
    }

    private static void appendEndToEnd(StringBuilder table, Map<?, ?> e2e) {
        if (e2e.get("skipped") != null) {
            table.append(String.format("%nend-to-end, open loop at %s req/s: skipped, %s%n", e2e.get("ratePerSecond"),
                    e2e.get("skipped")));
            return;
        }
        table.append(String.format("%nend-to-end, open loop at %s req/s: answer p50 %s ms, p99 %s ms; "
                        + "notification p50 %s ms, p99 %s ms, p99.9 %s ms; %s of %s notified%n",
                e2e.get("ratePerSecond"), e2e.get("answerP50Ms"), e2e.get("answerP99Ms"), e2e.get("e2eP50Ms"),
                e2e.get("e2eP99Ms"), e2e.get("e2eP999Ms"), e2e.get("notified"), e2e.get("scheduled")));
    }

    private static void row(StringBuilder table, String name, Object gateway, Object baseline, Object ratio) {
        table.append(String.format("%-28s %14s %14s %8s%n", name, gateway, baseline, ratio));
    }

    private static void log(String message) {
        System.out.println(LocalDateTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + " " + message);
        System.out.flush();
    }
}

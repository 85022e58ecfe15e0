package org.ucsgateway.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Command line options of {@link Bench}. */
final class Options {

    static final String USAGE = """
            Usage: bench/run [options]

            Each server warms up after each start before it is measured. A run with the defaults
            takes about 20 to 30 minutes and needs wrk (apt-get install -y wrk).

              --warmup SECONDS        shortest closed-loop warm-up per server at 64 connections
                                      (default 40); in soak mode, open-loop warm-up before the
                                      first heap figure
              --warmup-max SECONDS    longest warm-up: after the shortest one, the warm-up goes on
                                      in 10 s windows until the server's JIT compiler threads used
                                      less than 5% of a CPU in a window, and that window was no
                                      more than 3% faster than the one before it (closed loop) or
                                      its notification p99 no more than 10% lower (open loop after
                                      a gateway start) (default 240)
              --duration SECONDS      closed-loop measurement per server, concurrency level and
                                      round (default 10)
              --rounds N              closed-loop rounds: in each, the baseline and then the gateway
                                      at each concurrency level; ratios are the medians of the
                                      per-round ratios (default 3)
              --connections LIST      comma-separated concurrency levels, 64 among them
                                      (default 16,64)
              --e2e-rate N            open-loop requests/s (default: half the gateway's accepted
                                      requests/s at 64 connections, skipped when the end-to-end
                                      steps fell behind at that rate or below; 2000 in soak mode)
              --e2e-low-rate N        open-loop requests/s of the end-to-end run before the closed-loop
                                      runs (default 500)
              --e2e-warmup SECONDS    open-loop warm-up before an end-to-end measurement; right
                                      after a gateway start 20 s more, then windows as for
                                      --warmup-max (default 10)
              --e2e-duration SECONDS  open-loop end-to-end measurement (default 30)
              --drain SECONDS         longest measurement of the UCS adapter working off the backlog
                                      of the closed-loop runs (default 60)
              --e2e-step N            end-to-end runs at N, 2N, ... requests/s below half the
                                      gateway's throughput, until one leaves a request without
                                      a notification or its p99 reaches 1 s; the last rate before
                                      it is the sustained maximum, and a new gateway is measured
                                      at half of it (default 1000; 0 skips them)
              --e2e-step-seconds S    measured seconds of each of those runs, after 5 s of
                                      warm-up (default 15)
              --floor-rounds N        closed-loop rounds at 64 connections of the component floor,
                                      in turns with the baseline: the gateway jar with an
                                      interactions route of camel-jetty, camel-kafka and a fixed
                                      answer only (default 3; 0 skips it)
              --cpus LIST             run the gateway and the baseline under taskset -c LIST
              --routes-dir DIR        route files for the gateway instead of routes/
              --gateway-jvm OPTION    JVM option for the gateway; repeat for more
              --gateway-env KEY=VALUE environment variable of the gateway, such as
                                      UCS_KAFKA_ADAPTER_CONSUMERS=1; repeat for more
              --soak SECONDS          soak mode: open-loop load on the gateway for this long, with
                                      heap after GC and live objects by class at start and end,
                                      and figures per minute
              --port-base N           broker on N, gateway on N+1, baseline on N+2 (default 19090)
            """;

    int warmupSeconds = 40;
    int warmupMaxSeconds = 240;
    int measureSeconds = 10;
    int rounds = 3;
    int floorRounds = 3;
    List<Integer> connections = List.of(16, 64);
    int e2eRate;
    int e2eWarmupSeconds = 10;
    int e2eSeconds = 30;
    int drainSeconds = 60;
    int e2eStep = 1000;
    int e2eStepSeconds = 15;
    int e2eLowRate = 500;
    String cpus;
    String routesDir;
    List<String> gatewayJvmOptions = new ArrayList<>();
    Map<String, String> gatewayEnvironment = new LinkedHashMap<>();
    int soakSeconds;
    int brokerPort = 19090;
    int gatewayPort = 19091;
    int baselinePort = 19092;

    /**
     * Parses the arguments. Returns null when help was requested.
     *
     * @throws IllegalArgumentException naming the option whose value is missing or invalid
     */
    static Options parse(String[] args) {
        Options options = new Options();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--help") || name.equals("-h")) {
                return null;
            }
            if (!name.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + name + "'");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args[++i];
            switch (name) {
                case "--warmup" -> options.warmupSeconds = atLeast(name, value, 1);
                case "--warmup-max" -> options.warmupMaxSeconds = atLeast(name, value, 1);
                case "--duration" -> options.measureSeconds = atLeast(name, value, 1);
                case "--rounds" -> options.rounds = atLeast(name, value, 1);
                case "--floor-rounds" -> options.floorRounds = atLeast(name, value, 0);
                case "--connections" -> options.connections = parseList(name, value);
                case "--e2e-rate" -> options.e2eRate = atLeast(name, value, 1);
                case "--e2e-low-rate" -> options.e2eLowRate = atLeast(name, value, 1);
                case "--e2e-warmup" -> options.e2eWarmupSeconds = atLeast(name, value, 0);
                case "--e2e-duration" -> options.e2eSeconds = atLeast(name, value, 1);
                case "--drain" -> options.drainSeconds = atLeast(name, value, 1);
                case "--e2e-step" -> options.e2eStep = atLeast(name, value, 0);
                case "--e2e-step-seconds" -> options.e2eStepSeconds = atLeast(name, value, 1);
                case "--cpus" -> options.cpus = value;
                case "--routes-dir" -> options.routesDir = value;
                case "--gateway-jvm" -> options.gatewayJvmOptions.add(value);
                case "--gateway-env" -> {
                    int equals = value.indexOf('=');
                    if (equals < 1) {
                        throw new IllegalArgumentException("--gateway-env needs KEY=VALUE, got '" + value + "'");
                    }
                    options.gatewayEnvironment.put(value.substring(0, equals), value.substring(equals + 1));
                }
                case "--soak" -> options.soakSeconds = atLeast(name, value, 1);
                case "--port-base" -> {
                    int base = atLeast(name, value, 1024);
                    if (base + 2 > 65535) {
                        throw new IllegalArgumentException("--port-base needs three free ports up to 65535, got " + base);
                    }
                    options.brokerPort = base;
                    options.gatewayPort = base + 1;
                    options.baselinePort = base + 2;
                }
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if (!options.connections.contains(64)) {
            throw new IllegalArgumentException("--connections must contain 64, the level the ratios and the "
                    + "end-to-end rates are taken at, got " + options.connections);
        }
        if (options.warmupMaxSeconds < options.warmupSeconds) {
            throw new IllegalArgumentException("--warmup-max " + options.warmupMaxSeconds + " is below --warmup "
                    + options.warmupSeconds);
        }
        return options;
    }

    private static int atLeast(String name, String value, int min) {
        int number;
        try {
            number = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a whole number, got '" + value + "'");
        }
        if (number < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", got " + number);
        }
        return number;
    }

    private static List<Integer> parseList(String name, String value) {
        List<Integer> list = new ArrayList<>();
        for (String part : value.split(",")) {
            list.add(atLeast(name, part, 1));
        }
        return list;
    }

    /** Command prefix that pins a server process to the chosen CPUs, or nothing. */
    List<String> serverPrefix() {
        return cpus == null ? List.of() : List.of("taskset", "-c", cpus);
    }

    Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("warmupSeconds", warmupSeconds);
        map.put("warmupMaxSeconds", warmupMaxSeconds);
        map.put("rounds", rounds);
        map.put("floorRounds", floorRounds);
        map.put("measureSeconds", measureSeconds);
        map.put("connections", connections);
        map.put("e2eRate", e2eRate);
        map.put("e2eLowRate", e2eLowRate);
        map.put("e2eWarmupSeconds", e2eWarmupSeconds);
        map.put("drainSeconds", drainSeconds);
        map.put("e2eStep", e2eStep);
        map.put("e2eStepSeconds", e2eStepSeconds);
        map.put("e2eSeconds", e2eSeconds);
        map.put("cpus", cpus);
        map.put("routesDir", routesDir);
        map.put("gatewayJvmOptions", gatewayJvmOptions);
        map.put("gatewayEnvironment", gatewayEnvironment);
        map.put("soakSeconds", soakSeconds);
        return map;
    }
}

package org.ucsgateway.bench;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.ucsgateway.kafka.EmbeddedKafkaBroker;

/**
 * Runs the gateway's single-node KRaft broker in a JVM of its own, so that the gateway and the
 * baseline server share one broker that is neither's JVM. Arguments: log folder and client port.
 * Prints {@code READY host:port} once clients can connect, and stops on SIGTERM.
 */
public final class BenchBroker {

    private BenchBroker() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("Usage: BenchBroker LOG_DIR PORT");
            System.exit(2);
        }
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(Path.of(args[0]), Integer.parseInt(args[1]));
        broker.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "bench-broker-shutdown"));
        System.out.println("READY " + broker.bootstrapServers());
        System.out.flush();
        stopped.await();
    }
}

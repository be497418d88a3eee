package zaxyconsole;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

/**
 * Starts a Neo4j Community DBMS in this JVM with only Bolt on a loopback port, auth enabled and a
 * known password, for the console's tests. The embedded API is used instead of the harness because
 * the harness also starts the HTTP server and browser, which costs start time and a second port.
 *
 * <p>Usage: {@code Neo4jLauncher --home DIR --port N --password P}. Prints {@code READY
 * bolt://127.0.0.1:N} on stdout once Bolt accepts logins. Shuts down cleanly on SIGTERM (shutdown
 * hook) and when stdin closes, so a test process that dies never leaves a server behind.
 */
public final class Neo4jLauncher {
    private Neo4jLauncher() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        Path home = Path.of(required(options, "--home"));
        int port = Integer.parseInt(required(options, "--port"));
        String password = required(options, "--password");
        if (password.length() < 8) {
            fail("--password must be at least 8 characters (Neo4j 5 refuses shorter ones)");
        }
        long started = System.nanoTime();
        DatabaseManagementService dbms;
        try {
            dbms = start(home, port);
            Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown, "neo4j-shutdown"));
            setPassword(dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME), password);
        } catch (RuntimeException e) {
            // Neo4j's own threads would keep a failed JVM alive; the caller waits for exit.
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            System.err.println("neo4j-launcher: start failed: " + e.getMessage() + " (" + root + ")");
            Runtime.getRuntime().halt(1);
            return;
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("READY bolt://127.0.0.1:" + port + " " + millis + "ms");
        System.out.flush();
        waitForStdinClose(System.in);
        System.exit(0);
    }

    private static DatabaseManagementService start(Path home, int port) {
        return new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                // Test data is tiny; small caches keep eight parallel test runs within memory.
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(32))
                .setConfig(GraphDatabaseSettings.tx_state_max_off_heap_memory, ByteUnit.mebiBytes(64))
                // Bolt's Netty loops otherwise wait a 5 s quiet period each on shutdown, which
                // made every stop in the down/recover tests take over 10 s.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(2))
                .build();
    }

    /**
     * The embedded API runs with full rights, so it can set the initial password that a packaged
     * server would get from {@code neo4j-admin dbms set-initial-password}. On a restart over the
     * same home the password is already set and changing it to itself would be refused.
     */
    private static void setPassword(GraphDatabaseService system, String password) {
        boolean changeRequired = system.executeTransactionally(
                "SHOW USERS YIELD user, passwordChangeRequired WHERE user = 'neo4j' RETURN passwordChangeRequired",
                Map.of(),
                result -> result.hasNext() && Boolean.TRUE.equals(result.next().get("passwordChangeRequired")));
        if (changeRequired) {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
        }
    }

    private static void waitForStdinClose(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // Input is ignored; only end-of-file matters.
            }
        } catch (IOException ignored) {
            // A broken pipe means the parent is gone: shut down as on EOF.
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        List<String> known = List.of("--home", "--port", "--password");
        for (int i = 0; i < args.length; i += 2) {
            if (!known.contains(args[i]) || i + 1 >= args.length) {
                fail("unknown or incomplete option " + args[i] + "; usage: --home DIR --port N --password P");
            }
            options.put(args[i], args[i + 1]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            fail("missing " + name + "; usage: --home DIR --port N --password P");
        }
        return value;
    }

    private static void fail(String message) {
        System.err.println("neo4j-launcher: " + message);
        System.exit(2);
    }
}

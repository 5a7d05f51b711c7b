import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.io.ByteUnit;

/**
 * Runs Neo4j Community embedded with its Bolt connector on 127.0.0.1, so the project gets a real server from
 * Maven Central alone. Arguments: data home, Bolt port, page cache in MiB. Stops cleanly on SIGTERM/SIGINT.
 *
 * <p>With ARGMAP_NEO4J_PASSWORD in the environment (never on the command line, which other users can read),
 * authentication is on and the built-in user neo4j gets that password, so only argmap talks to the database.
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: Launcher <home> <bolt-port> <pagecache-mib>");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        long pageCacheMib = Long.parseLong(args[2]);
        String password = System.getenv("ARGMAP_NEO4J_PASSWORD");
        boolean secured = password != null && !password.isEmpty();

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, secured)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMib))
                .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, ByteUnit.mebiBytes(512))
                .build();

        if (secured) {
            // Embedded transactions run with full rights: set (or reset) the password before anyone logs in.
            try {
                dbms.database("system").executeTransactionally(
                        "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
            } catch (QueryExecutionException e) {
                // A restart with the password already set: Neo4j refuses to "change" it to itself.
                if (e.getMessage() == null || !e.getMessage().contains("cannot be the same")) {
                    System.err.println("argmap-neo4j: could not set the password: " + e.getMessage());
                    dbms.shutdown();
                    System.exit(1);
                }
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dbms.shutdown();
            stopped.countDown();
        }, "argmap-neo4j-shutdown"));
        System.out.println("argmap-neo4j: bolt listening on 127.0.0.1:" + port);
        System.out.flush();
        stopped.await();
    }
}

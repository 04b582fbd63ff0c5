package io.github.schemaverify.testing;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import io.github.schemaverify.internal.db.DatabaseManager;
import io.github.schemaverify.internal.server.ExternalServer;

/**
 * A run on an EXTERNAL server, in its own JVM, to be killed by a test. It reads SCHEMAVERIFY_URL, SCHEMAVERIFY_USER
 * and SCHEMAVERIFY_PASSWORD, prints a marker line when it has reached the moment to kill it, and then never ends:
 * <ul>
 * <li>{@code build}: a template, a clone and an empty database, then "BUILDING" while a second template's migration runs
 * {@code pg_sleep};</li>
 * <li>{@code clone}: a template, then clones without end, printing "CLONE name" after each;</li>
 * <li>{@code roundtrip <fixture class>}: the fixture class through the JUnit launcher; its round trip prints
 * "WALKING" and waits when the system property {@code schemaverify.test.block} is true.</li>
 * </ul>
 */
public final class RunToKill {
    private RunToKill() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("roundtrip")) {
            LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClass(Class.forName(args[1])))
                    .configurationParameter("schemaverify.report", "false").build());
            return;
        }
        DatabaseManager manager = new DatabaseManager(ExternalServer.connect(System.getenv("SCHEMAVERIFY_URL"),
                Optional.of(System.getenv("SCHEMAVERIFY_USER")), Optional.of(System.getenv("SCHEMAVERIFY_PASSWORD"))));
        System.out.println("TOKEN " + manager.runToken());
        String template = manager.template("0a".repeat(32), name -> { });
        if (args[0].equals("build")) {
            manager.cloneOf(template);
            manager.empty();
            manager.template("0b".repeat(32), name -> {
                try (Connection c = manager.server().connect(name); Statement st = c.createStatement()) {
                    System.out.println("BUILDING " + name);
                    System.out.flush();
                    st.execute("SELECT pg_sleep(600)");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        } else {
            while (true) {
                System.out.println("CLONE " + manager.cloneOf(template));
                System.out.flush();
            }
        }
    }
}

package io.github.schemaverify.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

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

    /**
     * Starts {@code mainAndArgs} (a main class and its arguments) in its own JVM on the cluster as an EXTERNAL server
     * (no kept templates, with {@code schemaverify.test.block} set), waits for the {@code markers}-th line that starts
     * with {@code marker}, sends it {@code signal} with kill(1) and returns all it printed.
     */
    public static List<String> killAt(List<String> mainAndArgs, TestCluster cluster, String marker, int markers, String signal)
            throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Dschemaverify.test.block=true", "-cp",
                System.getProperty("java.class.path")));
        command.addAll(mainAndArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("SCHEMAVERIFY_SERVER", "EXTERNAL");
        // the run's own template, which a next run must remove; a kept one is not a leftover (TemplateCacheTest)
        builder.environment().put("SCHEMAVERIFY_TEMPLATECACHE", "0");
        builder.environment().put("SCHEMAVERIFY_URL", cluster.url());
        builder.environment().put("SCHEMAVERIFY_USER", cluster.user());
        builder.environment().put("SCHEMAVERIFY_PASSWORD", cluster.password());
        Process child = builder.start();
        List<String> output = new ArrayList<>();
        int left = markers;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (left > 0 && (line = out.readLine()) != null) {
                output.add(line);
                if (line.startsWith(marker)) {
                    left--;
                }
            }
            assertThat(left).as("the child reached its marker; it printed %s", output).isZero();
            // kill(1), not Process.destroy: destroy closes the pipes, and the lines a SIGTERM'd JVM prints on its way out
            // are part of what is checked
            assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(child.pid())).inheritIO().start().waitFor()).isZero();
            while ((line = out.readLine()) != null) {
                output.add(line);
            }
        }
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return output;
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

package io.github.schemaverify.internal.server;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Connections through pgjdbc's driver itself rather than {@link java.sql.DriverManager}, which at its first use loads
 * and registers every JDBC driver on the test class path (and costs a cold JVM its caller-sensitive lookups), and then
 * offers the URL to each of them in turn.
 */
final class Pgjdbc {
    private static final Driver DRIVER = new org.postgresql.Driver();

    private Pgjdbc() {
    }

    static Connection connect(String url, Properties properties) throws SQLException {
        Connection connection = DRIVER.connect(url, properties);
        if (connection == null) {
            // the URL is not shown: a user's URL parameters may hold a password
            throw new SQLException("pgjdbc did not take the server's JDBC URL (it takes jdbc:postgresql:// URLs only)");
        }
        return connection;
    }

    static Connection connect(String url, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        return connect(url, properties);
    }
}

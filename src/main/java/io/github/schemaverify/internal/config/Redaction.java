package io.github.schemaverify.internal.config;

import java.util.regex.Pattern;

/** Keeps passwords out of every message, log line and report. */
public final class Redaction {
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");
    private static final Pattern URL_USERINFO = Pattern.compile("(//[^/:@]+:)[^@/]*@");

    private Redaction() {
    }

    /** A JDBC URL with any {@code password=} parameter and user-info password replaced by {@code ***}. */
    public static String url(String url) {
        if (url == null) {
            return null;
        }
        return URL_USERINFO.matcher(URL_PASSWORD.matcher(url).replaceAll("$1***")).replaceAll("$1***@");
    }

    /** The text with every occurrence of the password replaced by {@code ***}. */
    public static String text(String text, String password) {
        if (text == null || password == null || password.isEmpty()) {
            return text;
        }
        return text.replace(password, "***");
    }
}

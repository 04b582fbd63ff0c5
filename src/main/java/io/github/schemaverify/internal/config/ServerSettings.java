package io.github.schemaverify.internal.config;

import java.util.Optional;

import io.github.schemaverify.ServerMode;

/**
 * What identifies one server: runs with equal settings share it. The password takes part in equality but never in
 * {@link #toString()}.
 */
public record ServerSettings(ServerMode mode, String image, Optional<String> url, Optional<String> user,
        Optional<String> password, Optional<String> pgBin, String osUser) {

    public static final String DEFAULT_IMAGE = "pgvector/pgvector:pg18";
    public static final String DEFAULT_OS_USER = "postgres";

    @Override
    public String toString() {
        return "ServerSettings[mode=" + mode + ", image=" + image + ", url=" + url.map(Redaction::url).orElse("-")
                + ", user=" + user.orElse("-") + ", password=" + (password.isPresent() ? "***" : "-")
                + ", pgBin=" + pgBin.orElse("-") + ", osUser=" + osUser + "]";
    }
}

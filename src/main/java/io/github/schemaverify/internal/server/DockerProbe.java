package io.github.schemaverify.internal.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Asks a Docker-API engine whether it answers ({@code GET /_ping}) at the places Testcontainers looks (DOCKER_HOST,
 * {@code docker.host} in {@code ~/.testcontainers.properties}, the default and rootless sockets of Docker and Docker
 * Desktop), without loading Testcontainers: so that a run on another server prints nothing of Docker's. An engine that
 * needs TLS ({@code DOCKER_TLS_VERIFY}) is asked through Testcontainers.
 */
public final class DockerProbe {

    /** Where an engine answered, or where the probe looked when none did. */
    public record Answer(Optional<String> host, List<String> looked) {
    }

    private DockerProbe() {
    }

    public static Answer probe(Map<String, String> environment) {
        String tls = environment.getOrDefault("DOCKER_TLS_VERIFY", "");
        if (!tls.isEmpty() && !tls.equals("0")) {
            String host = environment.getOrDefault("DOCKER_HOST", "");
            return new Answer(ContainerServer.dockerAnswers() ? Optional.of(host) : Optional.empty(), List.of(host + " (TLS)"));
        }
        // host -> how the message names it
        java.util.LinkedHashMap<String, String> candidates = new java.util.LinkedHashMap<>();
        Optional.ofNullable(environment.get("DOCKER_HOST")).filter(h -> !h.isBlank())
                .ifPresent(h -> candidates.put(h, "DOCKER_HOST=" + h));
        testcontainersProperty().ifPresent(h -> candidates.putIfAbsent(h, "docker.host=" + h + " (~/.testcontainers.properties)"));
        String home = System.getProperty("user.home", "");
        String runtime = environment.getOrDefault("XDG_RUNTIME_DIR", "");
        List<String> sockets = new ArrayList<>(List.of("unix:///var/run/docker.sock", "unix://" + home + "/.docker/run/docker.sock",
                "unix://" + home + "/.docker/desktop/docker.sock"));
        if (!runtime.isEmpty()) {
            sockets.add("unix://" + runtime + "/docker.sock");
        }
        sockets.forEach(h -> candidates.putIfAbsent(h, h));
        List<String> looked = new ArrayList<>();
        for (var candidate : candidates.entrySet()) {
            looked.add(candidate.getValue());
            if (answers(candidate.getKey())) {
                return new Answer(Optional.of(candidate.getKey()), looked);
            }
        }
        return new Answer(Optional.empty(), looked);
    }

    private static Optional<String> testcontainersProperty() {
        Path file = Path.of(System.getProperty("user.home", ""), ".testcontainers.properties");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(p.getProperty("docker.host")).filter(h -> !h.isBlank());
    }

    /** True when the engine at {@code host} answers its ping within a second. */
    static boolean answers(String host) {
        CompletableFuture<Boolean> ping = CompletableFuture.supplyAsync(() -> ping(host));
        try {
            return ping.get(1, TimeUnit.SECONDS);
        } catch (Exception e) {
            ping.cancel(true);
            return false;
        }
    }

    private static boolean ping(String host) {
        byte[] request = "GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        try {
            if (host.startsWith("unix://")) {
                Path socket = Path.of(host.substring("unix://".length()));
                if (!Files.exists(socket)) {
                    return false;
                }
                try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    channel.connect(UnixDomainSocketAddress.of(socket));
                    channel.write(ByteBuffer.wrap(request));
                    return ok(Channels.newInputStream(channel));
                }
            }
            if (host.startsWith("tcp://")) {
                URI uri = URI.create(host);
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 2375 : uri.getPort()), 1000);
                    s.setSoTimeout(1000);
                    s.getOutputStream().write(request);
                    return ok(s.getInputStream());
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean ok(InputStream in) throws IOException {
        byte[] head = in.readNBytes(12);
        String status = new String(head, StandardCharsets.US_ASCII);
        return status.startsWith("HTTP/") && status.endsWith(" 200");
    }
}

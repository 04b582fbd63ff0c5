package com.example.memory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.stereotype.Repository;

import com.pgvector.PGvector;

/**
 * The agent-memory store: tenants, bots and their memories, searched by vector similarity (cosine distance), in plain
 * JDBC with pgvector-java. A Spring bean in the service; the plain tests construct it on a {@code DataSource}.
 */
@Repository
public class MemoryStore {
    private final DataSource dataSource;

    public MemoryStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public UUID createTenant(String name) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO tenants (name) VALUES (?) RETURNING id")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getObject(1, UUID.class);
            }
        }
    }

    /** Every tenant, by name. */
    public Map<UUID, String> tenants() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, name FROM tenants ORDER BY name");
             ResultSet rs = ps.executeQuery()) {
            Map<UUID, String> out = new LinkedHashMap<>();
            while (rs.next()) {
                out.put(rs.getObject(1, UUID.class), rs.getString(2));
            }
            return out;
        }
    }

    /** Creates the bot, or returns the existing one with the same content hash (deduplication in the database). */
    public UUID createBot(UUID tenant, String name, String contentHash) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT create_bot_for_tenant(?, ?, ?)")) {
            ps.setObject(1, tenant);
            ps.setString(2, name);
            ps.setString(3, contentHash);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getObject(1, UUID.class);
            }
        }
    }

    public void remember(UUID bot, String content, float[] embedding) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            PGvector.addVectorType(c);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO memory_shards (bot_id, content, content_hash, embedding) VALUES (?, ?, md5(?), ?)")) {
                ps.setObject(1, bot);
                ps.setString(2, content);
                ps.setString(3, content);
                ps.setObject(4, new PGvector(embedding));
                ps.executeUpdate();
            }
        }
    }

    /** The bot's live memories nearest to the query, closest first. */
    public List<String> recall(UUID bot, float[] query, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            PGvector.addVectorType(c);
            try (PreparedStatement ps = c.prepareStatement("SELECT content FROM memory_shards WHERE bot_id = ? AND archived_at IS NULL"
                    + " ORDER BY embedding <=> ? LIMIT ?")) {
                ps.setObject(1, bot);
                ps.setObject(2, new PGvector(query));
                ps.setInt(3, limit);
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        }
    }
}

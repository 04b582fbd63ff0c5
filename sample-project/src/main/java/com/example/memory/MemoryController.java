package com.example.memory;

import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The REST API: {@code POST /tenants}, {@code GET /tenants}, {@code POST /tenants/{id}/bots},
 * {@code POST /bots/{id}/memories}, {@code POST /bots/{id}/search} (the memories nearest to an embedding, closest first).
 */
@RestController
public class MemoryController {
    private final MemoryStore store;

    public MemoryController(MemoryStore store) {
        this.store = store;
    }

    public record NewTenant(String name) {
    }

    public record NewBot(String name, String contentHash) {
    }

    public record NewMemory(String content, float[] embedding) {
    }

    public record Search(float[] embedding, int limit) {
    }

    public record Created(UUID id) {
    }

    public record Tenant(UUID id, String name) {
    }

    @PostMapping("/tenants")
    @ResponseStatus(HttpStatus.CREATED)
    public Created createTenant(@RequestBody NewTenant tenant) throws SQLException {
        return new Created(store.createTenant(tenant.name()));
    }

    @GetMapping("/tenants")
    public List<Tenant> tenants() throws SQLException {
        return store.tenants().entrySet().stream().map(e -> new Tenant(e.getKey(), e.getValue())).toList();
    }

    @PostMapping("/tenants/{tenant}/bots")
    @ResponseStatus(HttpStatus.CREATED)
    public Created createBot(@PathVariable UUID tenant, @RequestBody NewBot bot) throws SQLException {
        return new Created(store.createBot(tenant, bot.name(), bot.contentHash()));
    }

    @PostMapping("/bots/{bot}/memories")
    @ResponseStatus(HttpStatus.CREATED)
    public void remember(@PathVariable UUID bot, @RequestBody NewMemory memory) throws SQLException {
        store.remember(bot, memory.content(), memory.embedding());
    }

    @PostMapping("/bots/{bot}/search")
    public List<String> search(@PathVariable UUID bot, @RequestBody Search search) throws SQLException {
        return store.recall(bot, search.embedding(), search.limit() > 0 ? search.limit() : 10);
    }
}

package com.example.notes;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Component;

/** Counts how often the application started in this JVM: the tests check their context is shared. */
@Component
public class Starts {
    public static final AtomicInteger COUNT = new AtomicInteger();

    public Starts() {
        COUNT.incrementAndGet();
    }
}
